package io.haven.rest.dto;

/** The body of PUT /accounts/{id}/scan-resources: whether tag scans look at the account (guide 13). */
public record ScanResourcesRequest(Boolean scanResources) {

    public boolean value() {
        return Required.field("scanResources", scanResources);
    }
}
