package io.haven.aws.iam;

import io.haven.api.permission.Decision;
import io.haven.api.target.CloudContext;
import io.haven.aws.AwsAccessException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyRequest;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyResponse;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Asks IAM which actions an identity's policies allow (SimulatePrincipalPolicy). This needs
 * {@code iam:SimulatePrincipalPolicy} (and {@code iam:GetRole} for roles with a path), which many backup
 * identities rightly lack; callers fall back to {@link Probes} then.
 */
public final class PolicySimulation {

    // AWS takes long lists, but a page of results is easier on memory and on AWS's limits.
    private static final int ACTIONS_PER_CALL = 100;
    private static final Pattern IAM_USER = Pattern.compile("arn:[^:]+:iam::\\d{12}:user/.+");
    private static final Pattern ASSUMED_ROLE = Pattern.compile("arn:([^:]+):sts::(\\d{12}):assumed-role/([^/]+)/.+");

    private PolicySimulation() {
    }

    /**
     * The context's identity as STS names it, for example {@code arn:aws:iam::123456789012:user/haven}.
     *
     * @throws AwsAccessException when AWS does not accept the credentials (no IAM policy can deny this call)
     */
    public static String callerArn(CloudContext ctx) {
        try {
            return ctx.client(StsClient.class).getCallerIdentity().arn();
        } catch (SdkException e) {
            throw new AwsAccessException("AWS did not accept the account's credentials: " + e.getMessage(), e);
        }
    }

    /**
     * The decision for every action, as IAM's simulation of the identity's own policies gives it (explicit
     * and implicit denials are both {@link Decision#DENIED}).
     *
     * @throws SimulationUnavailableException when the identity cannot be simulated or may not simulate
     */
    public static Map<String, Decision> simulate(CloudContext ctx, String callerArn, Collection<String> actions) {
        IamClient iam = ctx.client(IamClient.class);
        String source = policySource(iam, callerArn);
        Map<String, Decision> byLowerCase = new HashMap<>();
        try {
            List<String> all = new ArrayList<>(actions);
            for (int from = 0; from < all.size(); from += ACTIONS_PER_CALL) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + ACTIONS_PER_CALL));
                String marker = null;
                do {
                    SimulatePrincipalPolicyResponse answer = iam.simulatePrincipalPolicy(SimulatePrincipalPolicyRequest.builder()
                            .policySourceArn(source).actionNames(chunk).marker(marker).build());
                    for (EvaluationResult result : answer.evaluationResults()) {
                        byLowerCase.put(result.evalActionName().toLowerCase(Locale.ROOT),
                                result.evalDecision() == PolicyEvaluationDecisionType.ALLOWED ? Decision.ALLOWED : Decision.DENIED);
                    }
                    marker = Boolean.TRUE.equals(answer.isTruncated()) ? answer.marker() : null;
                } while (marker != null);
            }
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
            throw new SimulationUnavailableException("IAM policy simulation of " + source + " was refused (" + code + ")", e);
        } catch (SdkException e) {
            throw new SimulationUnavailableException("IAM policy simulation could not be reached: " + e.getMessage(), e);
        }
        Map<String, Decision> decisions = new HashMap<>();
        for (String action : actions) {
            decisions.put(action, byLowerCase.getOrDefault(action.toLowerCase(Locale.ROOT), Decision.UNKNOWN));
        }
        return decisions;
    }

    /** The IAM user or role whose policies apply to a caller ARN. */
    static String policySource(IamClient iam, String callerArn) {
        if (IAM_USER.matcher(callerArn).matches()) {
            return callerArn;
        }
        Matcher role = ASSUMED_ROLE.matcher(callerArn);
        if (!role.matches()) {
            throw new SimulationUnavailableException("IAM policy simulation works for IAM users and roles, not for "
                    + callerArn, null);
        }
        try {
            // The assumed-role ARN leaves out the role's path; GetRole gives the exact ARN.
            return iam.getRole(b -> b.roleName(role.group(3))).role().arn();
        } catch (SdkException e) {
            return "arn:" + role.group(1) + ":iam::" + role.group(2) + ":role/" + role.group(3);
        }
    }
}
