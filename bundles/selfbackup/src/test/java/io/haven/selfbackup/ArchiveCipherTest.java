package io.haven.selfbackup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArchiveCipherTest {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @Test
    void whatIsEncryptedInSeveralSegmentsDecryptsToTheSameBytes() throws IOException {
        for (int size : new int[] {0, 1, ArchiveCipher.SEGMENT, ArchiveCipher.SEGMENT * 2 + 12345}) {
            byte[] plain = random(size);
            byte[] sealed = encrypt(plain, PASSPHRASE);
            assertThat(sealed.length).isGreaterThan(size);
            assertThat(decrypt(sealed, PASSPHRASE)).as("size %d", size).isEqualTo(plain);
        }
    }

    @Test
    void theSameContentEncryptsDifferentlyEachTime() throws IOException {
        byte[] plain = random(1000);
        assertThat(encrypt(plain, PASSPHRASE)).isNotEqualTo(encrypt(plain, PASSPHRASE));
    }

    @Test
    void aWrongPassphraseIsRefused() throws IOException {
        byte[] sealed = encrypt(random(5000), PASSPHRASE);
        assertThatThrownBy(() -> decrypt(sealed, "wrong passphrase!".toCharArray()))
                .isInstanceOf(ArchiveCipher.WrongPassphraseException.class).hasMessageContaining("wrong passphrase");
    }

    @Test
    void aChangedByteIsFound() throws IOException {
        byte[] sealed = encrypt(random(ArchiveCipher.SEGMENT + 10), PASSPHRASE);
        sealed[sealed.length - 3] ^= 1;
        assertThatThrownBy(() -> decrypt(sealed, PASSPHRASE)).isInstanceOf(IOException.class);
        byte[] again = encrypt(random(100), PASSPHRASE);
        again[ArchiveCipher.MAGIC.length() + 6] ^= 1; // the salt
        assertThatThrownBy(() -> decrypt(again, PASSPHRASE)).isInstanceOf(IOException.class);
    }

    @Test
    void anArchiveCutAfterAWholeSegmentIsFound() throws IOException {
        byte[] sealed = encrypt(random(ArchiveCipher.SEGMENT * 2 + 7), PASSPHRASE);
        int head = ArchiveCipher.MAGIC.length() + 4 + 16 + 8;
        int firstSegment = 4 + ArchiveCipher.SEGMENT + 16;
        byte[] cut = Arrays.copyOf(sealed, head + firstSegment);
        assertThatThrownBy(() -> decrypt(cut, PASSPHRASE)).isInstanceOf(ArchiveCipher.WrongPassphraseException.class)
                .hasMessageContaining("cut short");
    }

    @Test
    void somethingElseIsNotTakenForAnArchive() {
        assertThatThrownBy(() -> decrypt("PK not an archive at all".getBytes(), PASSPHRASE))
                .isInstanceOf(IOException.class).hasMessageContaining("Not a Haven backup archive");
    }

    static byte[] encrypt(byte[] plain, char[] passphrase) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = ArchiveCipher.encrypting(sink, passphrase, 10_000)) {
            // in odd pieces, so that segment borders fall inside writes
            for (int i = 0; i < plain.length; i += 70_001) {
                out.write(plain, i, Math.min(70_001, plain.length - i));
            }
        }
        return sink.toByteArray();
    }

    static byte[] decrypt(byte[] sealed, char[] passphrase) throws IOException {
        try (InputStream in = ArchiveCipher.decrypting(new ByteArrayInputStream(sealed), passphrase)) {
            return in.readAllBytes();
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
