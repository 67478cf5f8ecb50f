package io.haven.rest.resources;

import io.haven.rest.dto.AllowDeletingRequest;
import io.haven.rest.dto.ScanResourcesRequest;
import io.haven.api.model.Caller;
import io.haven.rest.auth.HavenSecurityContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.SecurityContext;
import io.haven.api.model.Account;
import io.haven.api.model.AccountDraft;
import io.haven.api.service.AccountService;
import io.haven.api.service.PolicyService;
import io.haven.rest.dto.FoundResource;
import io.haven.api.target.Resource;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

/** AWS accounts and discovery of their resources. Responses are {@link Account}s, which carry no secret. */
@Path("v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountsResource {

    /** A proxy to the current request's context (Jersey injects one into singletons). */
    @Context
    SecurityContext security;

    private Caller caller() {
        return HavenSecurityContext.caller(security);
    }

    private final AccountService accounts;
    private final PolicyService policies;

    public AccountsResource(AccountService accounts, PolicyService policies) {
        this.accounts = accounts;
        this.policies = policies;
    }

    @GET
    public List<Account> list() {
        return accounts.list(caller());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(AccountDraft draft, @Context UriInfo uri) {
        Account created = accounts.create(caller(), Bodies.required(draft));
        URI location = uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build();
        return Response.created(location).entity(created).build();
    }

    @GET
    @Path("{id}")
    public Account get(@PathParam("id") long id) {
        return accounts.get(caller(), id);
    }

    /** Renames the account, or changes how Haven signs in to it (guide 16.4: edit accounts, modify credentials). */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Account update(@PathParam("id") long id, AccountDraft draft) {
        return accounts.update(caller(), id, Bodies.required(draft));
    }

    @DELETE
    @Path("{id}")
    public void delete(@PathParam("id") long id) {
        accounts.delete(caller(), id);
    }

    /** Turns "Scan Resources" (guide 13) on or off for the account. */
    @PUT
    @Path("{id}/scan-resources")
    @Consumes(MediaType.APPLICATION_JSON)
    public Account scanResources(@PathParam("id") long id, ScanResourcesRequest request) {
        return accounts.setScanResources(caller(), id, Bodies.required(request).value());
    }

    /** Turns "Allow deleting snapshots" (guide 3.2.1) of a DR account on or off. */
    @PUT
    @Path("{id}/allow-deleting-snapshots")
    @Consumes(MediaType.APPLICATION_JSON)
    public Account allowDeleting(@PathParam("id") long id, AllowDeletingRequest request) {
        return accounts.setAllowDeletingSnapshots(caller(), id, Bodies.required(request).value());
    }

    @GET
    @Path("{id}/resources")
    public List<FoundResource> resources(@PathParam("id") long id, @QueryParam("type") String type,
                                         @QueryParam("region") String region) {
        List<Resource> found = accounts.discover(caller(), id, QueryParams.optional("type", type),
                QueryParams.optional("region", region));
        // Which of the caller's policies hold each one: core answers per type and region
        Map<String, Map<String, List<String>>> holders = new HashMap<>();
        return found.stream().map(r -> FoundResource.of(r, holders.computeIfAbsent(r.type() + " " + r.region(),
                key -> policies.holders(caller(), r.type(), r.region())).get(r.id()))).toList();
    }
}
