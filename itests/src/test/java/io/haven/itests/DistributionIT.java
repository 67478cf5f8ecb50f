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
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.util.tracker.ServiceTracker;

/** The unpacked distribution starts Haven with nothing else installed: every bundle active, plugins found. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionIT extends HavenTestSupport {

    @Test
    public void everyHavenBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        int haven = 0;
        for (Bundle bundle : bundleContext.getBundles()) {
            if (bundle.getSymbolicName().startsWith("haven-")) {
                haven++;
                if (bundle.getState() != Bundle.ACTIVE) {
                    notActive.add(bundle.getSymbolicName() + " state " + bundle.getState());
                }
            }
        }
        assertTrue("not active: " + notActive, notActive.isEmpty());
        assertTrue("haven bundles found: " + haven, haven >= 10);
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

    private <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, type, null);
        tracker.open();
        T service = tracker.waitForService(30_000);
        if (service == null) {
            throw new AssertionError(type.getName() + " is not available");
        }
        return service;
    }
}
