package io.haven.rest.resources;

import io.haven.api.model.TargetTypeInfo;
import io.haven.api.service.AccountService;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** The target types that installed plugins serve right now. */
@Path("v1/target-types")
@Produces(MediaType.APPLICATION_JSON)
public class TargetTypesResource {

    private final AccountService accounts;

    public TargetTypesResource(AccountService accounts) {
        this.accounts = accounts;
    }

    @GET
    public List<TargetTypeInfo> list() {
        return accounts.targetTypes();
    }
}
