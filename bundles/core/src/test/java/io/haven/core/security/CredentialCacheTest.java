package io.haven.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.User;
import io.haven.core.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CredentialCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final CredentialCache cache = new CredentialCache(Duration.ofSeconds(60), clock);
    private final User root = new User(1, "root", true);

    @Test
    void aPairIsFoundOnlyWithTheSamePasswordAndWithinItsLifetime() {
        cache.remember("root", "a long passphrase".toCharArray(), root);

        assertThat(cache.find("root", "a long passphrase".toCharArray())).contains(root);
        assertThat(cache.find("root", "a long passphrasE".toCharArray())).isEmpty();
        assertThat(cache.find("roo", "ta long passphrase".toCharArray())).as("the boundary is part of the key").isEmpty();
        clock.advance(Duration.ofSeconds(60));
        assertThat(cache.find("root", "a long passphrase".toCharArray())).isEmpty();
    }

    @Test
    void clearForgetsEverythingAndAZeroLifetimeRemembersNothing() {
        cache.remember("root", "a long passphrase".toCharArray(), root);
        cache.clear();
        assertThat(cache.find("root", "a long passphrase".toCharArray())).isEmpty();

        CredentialCache off = new CredentialCache(Duration.ZERO, clock);
        off.remember("root", "a long passphrase".toCharArray(), root);
        assertThat(off.find("root", "a long passphrase".toCharArray())).isEmpty();
    }

    @Test
    void theCacheStaysBounded() {
        for (int i = 0; i <= CredentialCache.MAX_ENTRIES; i++) {
            cache.remember("user" + i, "p".toCharArray(), root);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(CredentialCache.MAX_ENTRIES);
    }
}
