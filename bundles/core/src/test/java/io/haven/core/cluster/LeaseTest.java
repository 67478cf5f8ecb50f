package io.haven.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.store.HavenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseTest {

    private final HavenStore store = TestStores.fresh();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final Node a = new Node("node-a", store, clock, Duration.ofSeconds(30));
    private final Node b = new Node("node-b", store, clock, Duration.ofSeconds(30));

    @Test
    void oneNodeHoldsTheLeaseAndAnotherTakesItWhenTheHolderStopsRenewing() {
        Lease ofA = new Lease(a, "disaster-recovery");
        Lease ofB = new Lease(b, "disaster-recovery");
        ofA.renew();
        ofB.renew();
        assertThat(ofA.held()).isTrue();
        assertThat(ofA.justTaken()).as("taken: what an earlier holder left is reconciled").isTrue();
        assertThat(ofA.justTaken()).as("once").isFalse();
        assertThat(ofB.held()).isFalse();

        clock.advance(Duration.ofSeconds(20));
        ofA.renew();
        clock.advance(Duration.ofSeconds(20));
        ofB.renew();
        assertThat(ofB.held()).as("renewed by a 20 s ago").isFalse();
        ofA.renew();
        assertThat(ofA.justTaken()).as("renewed, not taken").isFalse();

        clock.advance(Duration.ofSeconds(31)); // a stops renewing
        ofB.renew();
        assertThat(ofB.held()).isTrue();
        assertThat(ofB.justTaken()).isTrue();
        ofA.renew();
        assertThat(ofA.held()).isFalse();

        ofB.release();
        ofA.renew();
        assertThat(ofA.held()).as("given up: taken at the next heartbeat").isTrue();
    }

    @Test
    void workEveryNodePlansAlikeIsDoneByTheFirstNodeToClaimIt() {
        assertThat(a.once("daily-summary 2026-12-06", Duration.ofDays(2))).isTrue();
        assertThat(b.once("daily-summary 2026-12-06", Duration.ofDays(2))).isFalse();
        assertThat(b.once("daily-summary 2026-12-07", Duration.ofDays(2))).isTrue();
        clock.advance(Duration.ofDays(2).plusSeconds(31));
        a.forgetExpiredLeases();
        assertThat(b.once("daily-summary 2026-12-06", Duration.ofDays(2))).as("forgotten once expired").isTrue();
    }

    @Test
    void aNodeKeepsItsNameAcrossRestartsUnlessOneIsConfigured(@TempDir Path data) throws Exception {
        Path file = data.resolve("haven").resolve("node-id");
        String made = Node.name("", file);
        assertThat(made).startsWith("node-");
        assertThat(Node.name(null, file)).isEqualTo(made);
        assertThat(Files.readString(file).strip()).isEqualTo(made);
        assertThat(Node.name(" east-1 ", file)).isEqualTo("east-1");
    }
}
