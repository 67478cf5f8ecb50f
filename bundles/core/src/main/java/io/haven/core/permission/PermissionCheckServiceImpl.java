package io.haven.core.permission;

import io.haven.api.model.Account;
import io.haven.api.model.Caller;
import io.haven.api.permission.Decision;
import io.haven.api.permission.Feature;
import io.haven.api.permission.FeatureCheck;
import io.haven.api.permission.PermissionCheckService;
import io.haven.api.permission.PermissionNeeds;
import io.haven.api.permission.PermissionReport;
import io.haven.api.service.AccountService;
import io.haven.api.service.ValidationException;
import io.haven.api.target.CloudContext;
import io.haven.aws.AwsAccessException;
import io.haven.aws.iam.PolicySimulation;
import io.haven.aws.iam.SimulationUnavailableException;
import io.haven.core.account.CloudContexts;
import io.haven.core.internal.CoreConfig;
import io.haven.core.internal.Validation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Check AWS permissions" of an account (guide 14.3): the features of every installed plugin, decided by
 * IAM policy simulation when the identity may simulate itself, by each plugin's harmless calls otherwise.
 */
@Component(service = PermissionCheckService.class, configurationPid = CoreConfig.PID)
public class PermissionCheckServiceImpl implements PermissionCheckService {

    /** Core's own need: knowing whose credentials these are. */
    static final Feature IDENTITY = new Feature("haven.identity", "Identify the account's credentials (STS)", true,
            List.of("sts:GetCallerIdentity"));

    private static final Logger LOG = LoggerFactory.getLogger(PermissionCheckServiceImpl.class);

    private final AccountService accounts;
    private final CloudContexts contexts;
    private final String defaultRegion;
    private final Clock clock;
    private final Map<PermissionNeeds, Boolean> plugins = new ConcurrentHashMap<>();

    @Activate
    public PermissionCheckServiceImpl(@Reference AccountService accounts, @Reference CloudContexts contexts,
                                      CoreConfig config) {
        this(accounts, contexts, config.defaultRegion(), Clock.systemUTC());
    }

    PermissionCheckServiceImpl(AccountService accounts, CloudContexts contexts, String defaultRegion, Clock clock) {
        this.accounts = accounts;
        this.contexts = contexts;
        this.defaultRegion = defaultRegion;
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addPermissionNeeds(PermissionNeeds needs) {
        plugins.put(needs, Boolean.TRUE);
    }

    public void removePermissionNeeds(PermissionNeeds needs) {
        plugins.remove(needs);
    }

    @Override
    public PermissionReport check(Caller caller, long accountId, String region) {
        Account account = accounts.get(caller, accountId); // 404 outside the caller's world
        String theRegion = region == null || region.isBlank() ? defaultRegion : Validation.region("region", region);
        CloudContext ctx = contexts.context(accountId, theRegion);
        String principal;
        try {
            principal = PolicySimulation.callerArn(ctx);
        } catch (AwsAccessException e) {
            throw new ValidationException("credentials", e.getMessage());
        }

        // a DR account only receives copies (guide 11): its features are the DR-account ones, a backup account's the others
        Map<PermissionNeeds, List<Feature>> byPlugin = new LinkedHashMap<>();
        plugins.keySet().forEach(p -> byPlugin.put(p, p.features().stream()
                .filter(f -> f.drAccount() == account.isDr()).toList()));
        List<Feature> features = new ArrayList<>();
        features.add(IDENTITY);
        byPlugin.values().forEach(features::addAll);

        String method = PermissionReport.SIMULATION;
        String note = null;
        Map<String, Decision> simulated;
        try {
            simulated = PolicySimulation.simulate(ctx, principal, PermissionCheck.actionsOf(features));
        } catch (SimulationUnavailableException e) {
            method = PermissionReport.PROBES;
            note = e.getMessage() + "; each action was tried with a call that changes nothing instead";
            simulated = Map.of();
        }
        Map<String, Decision> decisions = PermissionCheck.decide(byPlugin, simulated, (plugin, action) -> plugin.probe(ctx, action));
        // STS answered above: that is the identity feature's proof.
        decisions.put("sts:GetCallerIdentity", Decision.ALLOWED);
        List<FeatureCheck> results = PermissionCheck.results(features, a -> decisions.getOrDefault(a, Decision.UNKNOWN));

        long missing = results.stream().mapToLong(r -> r.missing().size()).sum();
        LOG.info("Permission check of account {} ({}) in {} by {}: {} features, {} missing actions ({})", accountId,
                account.name(), theRegion, caller.user().username(), results.size(), missing, method);
        return new PermissionReport(accountId, account.name(), theRegion, principal, method, note, Instant.now(clock), results);
    }
}
