package io.haven.core.report;

import io.haven.api.model.Caller;
import io.haven.api.permission.FeatureCheck;
import io.haven.api.permission.PermissionCheckService;
import io.haven.api.permission.PermissionReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The permission summary (guide 14.3, "Permission Summary"): an account's permission check as CSV, one row per
 * feature and IAM action. The check is the permission check service's, so who may download it and what it asks AWS
 * are that service's rules; it runs before the report is returned, so a refusal is a clean 4xx.
 */
final class PermissionSummary {

    static final List<String> COLUMNS = List.of("Account", "Principal", "Region", "Method", "Checked At", "Feature ID",
            "Feature", "Needed", "Action", "Result");

    /** Result: AWS allows the action. */
    static final String ALLOWED = "allowed";
    /** Result: AWS refuses it; the IAM policy must add it. */
    static final String MISSING = "missing";
    /** Result: neither the simulation nor a harmless call could decide. */
    static final String UNCHECKED = "unchecked";
    /** Needed: every backup account needs the feature. */
    static final String FOR_BACKUP = "for backup";
    /** Needed: only when the feature is used (recovery, which may use other credentials). */
    static final String WHEN_USED = "when used";

    private PermissionSummary() {
    }

    static CsvReport report(Caller caller, long accountId, String region, PermissionCheckService permissions,
                            String fileName) {
        PermissionReport checked = permissions.check(caller, accountId, region);
        List<Object[]> rows = new ArrayList<>();
        for (FeatureCheck feature : checked.features()) {
            // Each action once, in alphabetical order, with its result.
            Map<String, String> results = new TreeMap<>();
            feature.allowed().forEach(a -> results.put(a, ALLOWED));
            feature.unchecked().forEach(a -> results.put(a, UNCHECKED));
            feature.missing().forEach(a -> results.put(a, MISSING));
            results.forEach((action, result) -> rows.add(new Object[] {ReportTexts.name(checked.accountName()),
                    ReportTexts.name(checked.principal()), checked.region(), checked.method(),
                    ReportTexts.time(checked.checkedAt()), feature.id(), ReportTexts.name(feature.title()),
                    feature.required() ? FOR_BACKUP : WHEN_USED, action, result}));
        }
        return new CsvReport(fileName, COLUMNS, printer -> rows.forEach(printer::print));
    }
}
