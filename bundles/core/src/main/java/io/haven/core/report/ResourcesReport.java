package io.haven.core.report;

import io.haven.api.model.Account;
import io.haven.api.model.Caller;
import io.haven.api.service.AccountService;
import io.haven.api.service.PolicyService;
import io.haven.api.service.ConflictException;
import io.haven.api.service.ValidationException;
import io.haven.api.target.Resource;
import io.haven.core.internal.Validation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Protected and unprotected resources per account and region (guide 15.6): what discovery finds, and which of the
 * caller's policies hold each. The same two questions as the console's target picker (its "Policies" column), asked
 * for every installed type; the answers are gathered before the first byte, so a refusal is a clean 4xx.
 */
final class ResourcesReport {

    static final List<String> COLUMNS = List.of("Account", "Region", "Type", "Resource ID", "Name", "Protected",
            "Policies");
    /** Regions one report may look in: every AWS region today is well under it. */
    static final int MAX_REGIONS = 40;

    private ResourcesReport() {
    }

    /** The regions of the targets of the caller's policies of the account, sorted. */
    private static List<String> targetRegions(Caller caller, long accountId, PolicyService policies) {
        java.util.TreeSet<String> regions = new java.util.TreeSet<>();
        policies.list(caller).stream().filter(p -> p.spec().accountId() == accountId)
                .forEach(p -> policies.targets(caller, p.id()).forEach(t -> regions.add(t.spec().region())));
        return List.copyOf(regions);
    }

    static CsvReport report(Caller caller, Long accountId, List<String> regions, AccountService accounts,
                            PolicyService policies, String fileName) {
        List<String> given = regions == null ? List.of() : regions;
        if (given.size() > MAX_REGIONS) {
            throw new ValidationException("regions", "At most " + MAX_REGIONS + " regions, not " + given.size());
        }
        List<String> checked = new ArrayList<>(new LinkedHashSet<>(given.stream()
                .map(r -> Validation.region("regions", r)).toList()));
        List<Account> reported = accountId == null ? accounts.list(caller) : List.of(accounts.get(caller, accountId));
        List<Object[]> rows = new ArrayList<>();
        for (Account account : reported) {
            // Without regions named: where the caller's policies of the account have targets, else its default region
            // (null asks discovery for it).
            List<String> where = !checked.isEmpty() ? checked : targetRegions(caller, account.id(), policies);
            for (String region : where.isEmpty() ? java.util.Collections.<String>singletonList(null) : where) {
                List<Resource> found;
                try {
                    found = accounts.discover(caller, account.id(), null, region);
                } catch (ValidationException e) {
                    // The request was fine; AWS (or the account's credentials) could not answer for this region.
                    throw new ConflictException("No report: discovery in account " + account.name() + ", region "
                            + (region == null ? "(default)" : region) + " failed: " + e.getMessage());
                }
                Map<String, Map<String, List<String>>> holders = new HashMap<>();
                for (Resource r : found) {
                    List<String> holding = holders.computeIfAbsent(r.type() + " " + r.region(),
                            k -> policies.holders(caller, r.type(), r.region())).getOrDefault(r.id(), List.of());
                    rows.add(new Object[] {ReportTexts.name(account.name()), r.region(), r.type(), r.id(),
                            ReportTexts.name(r.name() == null ? "" : r.name()), ReportTexts.yesNo(!holding.isEmpty()),
                            ReportTexts.name(String.join(" ", holding))});
                }
            }
        }
        return new CsvReport(fileName, COLUMNS, printer -> rows.forEach(printer::print));
    }
}
