package io.haven.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.report.ReportFilter;
import io.haven.rest.testing.InMemoryApi;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The REST adapter of the reports: query parameters to the filter, the CSV download's headers, 400s naming the field. */
class ReportsResourceTest {

    private final InMemoryApi api = new InMemoryApi();

    @Test
    void aReportIsACsvAttachmentMadeFromTheFilters() {
        InMemoryApi.Reply reply = api.call("GET", "v1/reports/backups?userId=2&accountId=3&policyId=4"
                + "&from=2026-01-01T00:00:00Z&to=2026-02-01T01:00:00%2B01:00").send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/csv");
        assertThat(reply.header("Content-Disposition")).isEqualTo("attachment; filename=\"backups.csv\"");
        assertThat(reply.body()).isEqualTo("Backup ID\r\n");
        assertThat(api.reports.lastFilter).isEqualTo(new ReportFilter(2L, 3L, 4L,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z")));
    }

    @Test
    void badFiltersAre400NamingTheField() {
        for (String[] bad : new String[][] {{"snapshots?from=yesterday", "from"}, {"snapshots?to=2026-01-01", "to"},
                {"backups?userId=bob", "userId"}, {"backups?accountId=0", "accountId"}, {"usage?users=some", "users"}}) {
            InMemoryApi.Reply reply = api.call("GET", "v1/reports/" + bad[0]).send();
            assertThat(reply.status()).as(bad[0]).isEqualTo(400);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            assertThat(reply.json().path("field").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
    }

    @Test
    void theUsageOfAllUsersIsRootsOnly() {
        assertThat(api.call("GET", "v1/reports/usage").send().status()).isEqualTo(200);
        assertThat(api.call("GET", "v1/reports/usage?users=all").send().status()).isEqualTo(403);
    }

    /** Guide 14.3, "Permission Summary": the account's permission check as a CSV attachment, like the other reports. */
    @Test
    void thePermissionSummaryIsACsvAttachmentOfTheAccountNamed() {
        InMemoryApi.Reply reply = api.call("GET", "v1/reports/permissions?accountId=7&region=eu-west-1").send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/csv");
        assertThat(reply.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"haven-permissions-account-7.csv\"");
        assertThat(api.reports.lastPermissions).isEqualTo("7 eu-west-1");
        assertThat(api.call("GET", "v1/reports/permissions?accountId=7").send().status()).isEqualTo(200);
        assertThat(api.reports.lastPermissions).isEqualTo("7 null");
    }

    @Test
    void thePermissionSummaryNeedsAnAccountAndNamesWhatIsWrong() {
        for (String[] bad : new String[][] {{"permissions", "accountId"}, {"permissions?region=eu-west-1", "accountId"},
                {"permissions?accountId=x", "accountId"}, {"permissions?accountId=1&region=", "region"}}) {
            InMemoryApi.Reply reply = api.call("GET", "v1/reports/" + bad[0]).send();
            assertThat(reply.status()).as(bad[0]).isEqualTo(400);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            assertThat(reply.json().path("field").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
        assertThat(api.reports.lastPermissions).as("nothing was asked of core").isNull();
    }
}
