package io.haven.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runners.Suite;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * The shared container's classes are named in two places: {@link SharedDistributionIT}'s members, and the failsafe
 * excludes in the POM that keep them from running once more on their own. A class excluded but not a member would
 * never run; a member not excluded would run twice; a {@code PerSuite} class in neither would share a container it
 * never gets a fresh Haven in. This check, a member of the suite itself, fails the run when the three drift apart.
 */
public class SharedSuiteMembership {

    private static final Pattern EXCLUDE = Pattern.compile("<exclude>\\*\\*/(\\w+)\\.java</exclude>");

    @Test
    public void perSuiteClassesSuiteMembersAndFailsafeExcludesAreTheSame() throws Exception {
        Set<String> members = Arrays.stream(SharedDistributionIT.class.getAnnotation(Suite.SuiteClasses.class).value())
                .map(Class::getSimpleName).filter(name -> !name.equals(getClass().getSimpleName()))
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals("PerSuite classes in the test sources vs members of SharedDistributionIT", perSuiteClasses(),
                members);
        assertEquals("failsafe excludes in itests/pom.xml vs members of SharedDistributionIT", excludedInPom(), members);
    }

    private static Set<String> perSuiteClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path testClasses = Path.of(SharedDistributionIT.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        Path folder = testClasses.resolve(SharedDistributionIT.class.getPackageName().replace('.', '/'));
        Set<String> perSuite = new TreeSet<>();
        List<Path> classFiles;
        try (Stream<Path> files = Files.list(folder)) {
            classFiles = files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$"))
                    .toList();
        }
        for (Path file : classFiles) {
            String simpleName = file.getFileName().toString().replace(".class", "");
            Class<?> type = Class.forName(SharedDistributionIT.class.getPackageName() + "." + simpleName, false,
                    SharedDistributionIT.class.getClassLoader());
            ExamReactorStrategy strategy = type.getAnnotation(ExamReactorStrategy.class);
            if (strategy != null && Arrays.asList(strategy.value()).contains(PerSuite.class)) {
                perSuite.add(simpleName);
            }
        }
        return perSuite;
    }

    private static Set<String> excludedInPom() throws IOException {
        String pom = Files.readString(Path.of(System.getProperty("basedir", "."), "pom.xml"));
        Set<String> excluded = new TreeSet<>();
        for (Matcher m = EXCLUDE.matcher(pom); m.find(); ) {
            excluded.add(m.group(1));
        }
        return excluded;
    }
}
