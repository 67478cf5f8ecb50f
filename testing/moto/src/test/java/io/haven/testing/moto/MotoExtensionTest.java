package io.haven.testing.moto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs fixture classes through a nested JUnit engine, so that one run sees several test classes. */
class MotoExtensionTest {

    @Test
    void sharesOneServerAndResetsBeforeEachTopLevelClass() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FirstClass.class), selectClass(SecondClass.class))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3).failed(0));
        assertThat(FirstClass.endpoint).isNotNull().isEqualTo(SecondClass.endpoint);
    }

    @Test
    void staticAccessFailsClearlyOutsideTheExtension() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FirstClass.class))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        // the nested engine's root store closed the server at the end of its run
        assertThat(org.assertj.core.api.Assertions.catchThrowable(MotoExtension::endpoint))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@ExtendWith(MotoExtension.class)");
    }

    // Fixtures: surefire skips nested classes; only the engine runs above start them.

    @ExtendWith(MotoExtension.class)
    static class FirstClass {
        static String endpoint;

        @BeforeAll
        static void leaveState(MotoServer moto) throws Exception {
            S3Buckets buckets = new S3Buckets(moto.endpoint());
            assertThat(buckets.names()).isEmpty();
            buckets.create("first");
            endpoint = MotoExtension.endpoint();
        }

        @Test
        void resolvesTheSharedServer(MotoServer moto) throws Exception {
            assertThat(moto).isSameAs(MotoExtension.server());
            assertThat(new S3Buckets(moto.endpoint()).names()).containsExactly("first");
        }

        @Nested
        class Inner {
            @Test
            void keepsTheEnclosingClassState() throws Exception {
                assertThat(new S3Buckets(MotoExtension.endpoint()).names()).containsExactly("first");
            }
        }
    }

    @ExtendWith(MotoExtension.class)
    static class SecondClass {
        static String endpoint;

        @Test
        void startsClean(MotoServer moto) throws Exception {
            endpoint = moto.endpoint();
            assertThat(new S3Buckets(moto.endpoint()).names()).isEmpty();
        }
    }
}
