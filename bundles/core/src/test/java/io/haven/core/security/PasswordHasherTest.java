package io.haven.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(64, 1, 1);

    @Test
    void argon2idHashesVerifyOnlyTheirPasswordAndDifferBySalt() {
        String hash = hasher.hash("a long passphrase".toCharArray());

        assertThat(hash).startsWith("$argon2id$v=19$m=64,t=1,p=1$").doesNotContain("passphrase");
        assertThat(hasher.verify(hash, "a long passphrase".toCharArray())).isTrue();
        assertThat(hasher.verify(hash, "a long passphrasE".toCharArray())).isFalse();
        assertThat(hasher.hash("a long passphrase".toCharArray())).isNotEqualTo(hash);
        assertThat(hasher.needsRehash(hash)).isFalse();
        assertThat(new PasswordHasher(128, 1, 1).needsRehash(hash)).as("other parameters").isTrue();
    }

    @Test
    void aHashIsVerifiedWithItsOwnParameters() {
        String stronger = new PasswordHasher(128, 2, 1).hash("a long passphrase".toCharArray());
        assertThat(hasher.verify(stronger, "a long passphrase".toCharArray())).isTrue();
    }

    @Test
    void bcryptHashesOfEarlierVersionsVerifyAndAskForARehash() {
        String bcrypt = OpenBSDBCrypt.generate("old password".toCharArray(), new byte[16], 4);
        assertThat(hasher.verify(bcrypt, "old password".toCharArray())).isTrue();
        assertThat(hasher.verify(bcrypt, "old passworD".toCharArray())).isFalse();
        assertThat(hasher.needsRehash(bcrypt)).isTrue();
    }

    @Test
    void unreadableOrTamperedHashesNeverMatch() {
        char[] password = "a long passphrase".toCharArray();
        assertThat(hasher.verify(null, password)).isFalse();
        assertThat(hasher.verify("", password)).isFalse();
        assertThat(hasher.verify("$argon2id$v=19$m=64,t=1,p=1$!!$!!", password)).isFalse();
        assertThat(hasher.verify("$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA", password))
                .as("absurd memory is refused, not allocated").isFalse();
        assertThat(hasher.verify("$2a$04$garbage", password)).isFalse();
    }

    @Test
    void everySlowHashIsCounted() {
        long before = hasher.slowHashes();
        String hash = hasher.hash("a long passphrase".toCharArray());
        hasher.verify(hash, "x".toCharArray());
        assertThat(hasher.slowHashes() - before).isEqualTo(2);
    }
}
