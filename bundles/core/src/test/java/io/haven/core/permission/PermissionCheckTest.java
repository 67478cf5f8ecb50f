package io.haven.core.permission;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.permission.Decision;
import io.haven.api.permission.Feature;
import io.haven.api.permission.FeatureCheck;
import io.haven.api.permission.PermissionNeeds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PermissionCheckTest {

    private static final Feature VOLUMES = new Feature("ebs-volume.backup", "Back up EBS volumes", true,
            List.of("ec2:DescribeVolumes", "ec2:CreateSnapshot"));
    private static final Feature INSTANCES = new Feature("ec2-instance.backup", "Back up EC2 instances", true,
            List.of("ec2:CreateSnapshot", "ec2:CreateImage"));
    private static final Feature RECOVERY = new Feature("ec2-instance.recovery", "Recover EC2 instances", false,
            List.of("ec2:RunInstances", "iam:PassRole"));

    private final List<String> probed = new ArrayList<>();

    @Test
    void theSimulationDecidesAndProbesOnlyFillWhatItLeftOpen() {
        PermissionNeeds ebs = needs(VOLUMES);
        Map<PermissionNeeds, List<Feature>> plugins = Map.of(ebs, List.of(VOLUMES));

        Map<String, Decision> decisions = PermissionCheck.decide(plugins,
                Map.of("ec2:DescribeVolumes", Decision.DENIED, "ec2:CreateSnapshot", Decision.UNKNOWN),
                (plugin, action) -> probe(action, Decision.ALLOWED));

        assertThat(decisions).containsEntry("ec2:DescribeVolumes", Decision.DENIED)
                .containsEntry("ec2:CreateSnapshot", Decision.ALLOWED);
        assertThat(probed).containsExactly("ec2:CreateSnapshot");
    }

    @Test
    void anActionTwoPluginsNeedIsProbedOnceAndAFailingProbeDecidesNothing() {
        Map<PermissionNeeds, List<Feature>> plugins = new LinkedHashMap<>();
        plugins.put(needs(VOLUMES), List.of(VOLUMES));
        plugins.put(needs(INSTANCES), List.of(INSTANCES));

        Map<String, Decision> decisions = PermissionCheck.decide(plugins, Map.of(), (plugin, action) -> {
            if (action.equals("ec2:CreateImage")) {
                throw new IllegalStateException("a plugin's bug");
            }
            return probe(action, Decision.ALLOWED);
        });

        assertThat(probed).containsExactly("ec2:DescribeVolumes", "ec2:CreateSnapshot");
        assertThat(decisions).containsEntry("ec2:CreateImage", Decision.UNKNOWN);
    }

    @Test
    void eachFeatureSaysWhatIsAllowedMissingAndUncheckedRequiredOnesFirst() {
        Map<String, Decision> decisions = Map.of("ec2:DescribeVolumes", Decision.ALLOWED,
                "ec2:CreateSnapshot", Decision.DENIED, "ec2:RunInstances", Decision.ALLOWED);

        List<FeatureCheck> results = PermissionCheck.results(List.of(RECOVERY, VOLUMES),
                a -> decisions.getOrDefault(a, Decision.UNKNOWN));

        assertThat(results).extracting(FeatureCheck::id).containsExactly("ebs-volume.backup", "ec2-instance.recovery");
        FeatureCheck volumes = results.get(0);
        assertThat(volumes.allowed()).containsExactly("ec2:DescribeVolumes");
        assertThat(volumes.missing()).containsExactly("ec2:CreateSnapshot");
        assertThat(volumes.complete()).isFalse();
        FeatureCheck recovery = results.get(1);
        assertThat(recovery.unchecked()).containsExactly("iam:PassRole");
        assertThat(recovery.complete()).isTrue();
    }

    private Decision probe(String action, Decision decision) {
        probed.add(action);
        return decision;
    }

    private static PermissionNeeds needs(Feature feature) {
        return () -> List.of(feature);
    }
}
