package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.haven.api.service.AccountService;
import io.haven.api.service.UserService;
import io.haven.api.target.TargetType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** The unpacked distribution starts Haven with nothing else installed: every bundle active, plugins found. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class DistributionIT extends HavenTestSupport {

    @Test
    public void everyHavenBundleIsActive() {
        // HavenTestSupport waited for them before the test; none may have stopped since
        assertTrue("not active: " + notActiveHavenBundles(), notActiveHavenBundles().isEmpty());
        long haven = java.util.Arrays.stream(bundleContext.getBundles())
                .filter(b -> b.getSymbolicName().startsWith("haven-")).count();
        assertTrue("haven bundles found: " + haven, haven >= 10);
    }

    /**
     * Every Declarative Services component of Haven activates. A bundle can be ACTIVE while its components fail
     * (a reference cycle once left the REST API without its session service), so each service Haven registers is
     * fetched, which activates delayed components, and then no component may be failed or missing a reference.
     */
    @Test
    public void everyHavenComponentActivates() throws Exception {
        List<String> unusable = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            if (!bundle.getSymbolicName().startsWith("haven-") || bundle.getRegisteredServices() == null) {
                continue;
            }
            for (ServiceReference<?> reference : bundle.getRegisteredServices()) {
                Object service = bundleContext.getService(reference);
                if (service == null) {
                    unusable.add(bundle.getSymbolicName() + " " + reference.getProperty("component.name"));
                } else {
                    bundleContext.ungetService(reference);
                }
            }
        }
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
        List<String> broken = new ArrayList<>();
        int components = 0;
        for (Bundle bundle : bundleContext.getBundles()) {
            if (!bundle.getSymbolicName().startsWith("haven-")) {
                continue;
            }
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                    components++;
                    if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                            || configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                        broken.add(description.name + " state " + configuration.state
                                + (configuration.failure == null ? "" : ": " + configuration.failure.lines().findFirst().orElse("")));
                    }
                }
            }
        }
        assertTrue("services that could not be had: " + unusable, unusable.isEmpty());
        assertTrue("components not working: " + broken, broken.isEmpty());
        assertTrue("haven components found: " + components, components >= 20);
    }

    @Test
    public void theTargetTypePluginsAreFoundOnTheWhiteboard() throws Exception {
        AccountService accounts = service(AccountService.class);
        Set<String> ids = new TreeSet<>();
        accounts.targetTypes().forEach(t -> ids.add(t.id()));
        assertTrue(ids.toString(), ids.containsAll(Set.of("ebs-volume", "ec2-instance")));
        assertEquals(ids.size(), bundleContext.getServiceReferences(TargetType.class, null).size());
    }

    @Test
    public void theRootUserExistsFromTheFirstStart() throws Exception {
        UserService users = service(UserService.class);
        assertTrue(users.authenticate("root", ROOT_PASSWORD.toCharArray()).isPresent());
        assertTrue(users.authenticate("root", "wrong".toCharArray()).isEmpty());
    }
}
