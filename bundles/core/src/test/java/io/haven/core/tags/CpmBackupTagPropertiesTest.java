package io.haven.core.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.core.tags.CpmBackupTag.Assignment;
import io.haven.core.tags.CpmBackupTag.Assignments;
import io.haven.core.tags.CpmBackupTagParser.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The grammar of the {@code cpm backup} tag over generated values (guide 13). */
class CpmBackupTagPropertiesTest {

    private static final List<String> OPTIONS = List.of("only-snaps", "initial-ami", "only-amis", "only-amis-reboot",
            "app-aware");

    @Property
    void everyWellFormedValueParsesToWhatWasWritten(@ForAll("assignments") List<Assignment> written) {
        Result result = CpmBackupTagParser.parse(text(written, " "));

        assertThat(result.error()).isNull();
        assertThat(((Assignments) result.tag()).assignments()).isEqualTo(distinct(written));
    }

    @Property
    void theNumberOfSpacesBetweenEntriesDoesNotMatter(@ForAll("assignments") List<Assignment> written,
                                                      @ForAll @IntRange(min = 1, max = 4) int spaces) {
        String spaced = " ".repeat(spaces - 1) + text(written, " ".repeat(spaces)) + " ".repeat(spaces - 1);

        assertThat(CpmBackupTagParser.parse(spaced)).isEqualTo(CpmBackupTagParser.parse(text(written, " ")));
    }

    @Property
    void formattingAParsedTagGivesATagThatParsesTheSame(@ForAll("assignments") List<Assignment> written) {
        Result first = CpmBackupTagParser.parse(text(written, "  "));
        Result again = CpmBackupTagParser.parse(CpmBackupTagParser.format(first.tag()));

        assertThat(again).isEqualTo(first);
    }

    @Property(tries = 2000)
    void anyTextGivesATagOrAnErrorAndNeverAnException(@ForAll("anyText") String value) {
        Result result = CpmBackupTagParser.parse(value);

        assertThat(result.ok()).isNotEqualTo(result.error() != null);
        if (!result.ok()) {
            assertThat(result.error()).isNotBlank();
        }
    }

    @Property
    void anOptionThatIsNotLowerCaseWordsIsNamedInTheError(@ForAll("assignments") List<Assignment> written,
                                                          @ForAll("badOptions") String bad) {
        String value = text(written, " ") + "#" + bad;

        Result result = CpmBackupTagParser.parse(value);

        assertThat(result.ok()).isFalse();
        assertThat(result.error()).contains(bad.isEmpty() ? "empty backup option" : "'" + bad + "'");
    }

    @Provide
    Arbitrary<List<Assignment>> assignments() {
        Arbitrary<String> name = Arbitraries.strings().withChars("abcxyzABC0129_-.@/+=").ofMinLength(1).ofMaxLength(10)
                .filter(n -> !n.equals(CpmBackupTag.NO_BACKUP));
        Arbitrary<List<String>> options = Arbitraries.of(OPTIONS).list().uniqueElements().ofMaxSize(2);
        Arbitrary<Assignment> assignment = Combinators.combine(name, name.injectNull(0.5), options)
                .as(Assignment::new)
                .filter(a -> !a.policy().equals(a.template()));
        // AWS allows 256 characters: four entries of at most 55 characters, spaced by up to four, always fit.
        return assignment.list().ofMinSize(1).ofMaxSize(4)
                .filter(list -> noContradictions(list));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab :#-\t\n@").ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(300));
    }

    @Provide
    Arbitrary<String> badOptions() {
        return Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().withChars("ABC_ .!é").ofMinLength(1).ofMaxLength(6).filter(s -> !s.isBlank()
                        && !s.contains(" ")),
                Arbitraries.of("-only", "only-", "only--snaps"));
    }

    private static boolean noContradictions(List<Assignment> list) {
        Map<String, Assignment> byPolicy = new LinkedHashMap<>();
        for (Assignment a : list) {
            Assignment earlier = byPolicy.putIfAbsent(a.policy(), a);
            if (earlier != null && !earlier.equals(a)) {
                return false;
            }
        }
        return true;
    }

    private static List<Assignment> distinct(List<Assignment> list) {
        return new ArrayList<>(new LinkedHashMap<>(list.stream().collect(java.util.stream.Collectors.toMap(
                Assignment::policy, a -> a, (a, b) -> a, LinkedHashMap::new))).values());
    }

    private static String text(List<Assignment> list, String separator) {
        List<String> entries = new ArrayList<>();
        for (Assignment a : list) {
            StringBuilder entry = new StringBuilder(a.policy());
            if (a.template() != null) {
                entry.append(':').append(a.template());
            }
            a.options().forEach(o -> entry.append('#').append(o));
            entries.add(entry.toString());
        }
        return String.join(separator, entries);
    }
}
