package io.haven.rest.resources;

import io.haven.api.auth.IdentityProtocol.Finding;
import io.haven.api.model.Caller;
import io.haven.api.model.UserGroup;
import io.haven.api.model.UserGroupDraft;
import io.haven.api.service.IdentityProviderService;
import io.haven.rest.auth.HavenSecurityContext;
import io.haven.rest.dto.IdentityProviderRequest;
import io.haven.rest.dto.IdentityProviderView;
import io.haven.rest.dto.KeyRolloverRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;

/**
 * Root's identity provider settings and Haven's groups for its users (guide 17.2, 17.3), and whether the console
 * offers "sign in with your identity provider" (anyone may ask). The rules are core's.
 */
@Path("v1")
@Produces(MediaType.APPLICATION_JSON)
public class IdentityProviderResource {

    /** The anonymous question the console's sign-in page asks. */
    public static final String AVAILABILITY_PATH = "v1/session/identity-provider";

    @Context
    SecurityContext security;

    private final IdentityProviderService identityProvider;

    public IdentityProviderResource(IdentityProviderService identityProvider) {
        this.identityProvider = identityProvider;
    }

    private Caller caller() {
        return HavenSecurityContext.caller(security);
    }

    @GET
    @Path("session/identity-provider")
    public Map<String, Object> availability() {
        boolean available = identityProvider.signInAvailable();
        return available ? Map.of("available", true, "signInPath", "/remote_auth/login") : Map.of("available", false);
    }

    @GET
    @Path("identity-provider")
    public IdentityProviderView settings() {
        return IdentityProviderView.of(identityProvider.settings(caller()));
    }

    @PUT
    @Path("identity-provider")
    @Consumes(MediaType.APPLICATION_JSON)
    public IdentityProviderView update(IdentityProviderRequest request) {
        return IdentityProviderView.of(identityProvider.updateSettings(caller(), Bodies.required(request).toSettings()));
    }

    @POST
    @Path("identity-provider/test")
    public Map<String, Object> test() {
        List<Finding> findings = identityProvider.test(caller());
        return Map.of("ok", findings.stream().allMatch(Finding::ok), "findings", findings);
    }

    @GET
    @Path("identity-provider/keys")
    public IdentityProviderService.ServiceProviderCertificates keys() {
        return identityProvider.serviceProviderKeys(caller());
    }

    @POST
    @Path("identity-provider/keys/roll-over")
    @Consumes(MediaType.APPLICATION_JSON)
    public IdentityProviderService.ServiceProviderCertificates rollOver(KeyRolloverRequest request) {
        return identityProvider.rollOverServiceProviderKey(caller(), Bodies.required(request).graceDays());
    }

    @POST
    @Path("identity-provider/keys/retire-previous")
    public IdentityProviderService.ServiceProviderCertificates retirePrevious() {
        return identityProvider.retirePreviousServiceProviderKey(caller());
    }

    @GET
    @Path("user-groups")
    public List<UserGroup> groups() {
        return identityProvider.groups(caller());
    }

    @POST
    @Path("user-groups")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(UserGroupDraft draft) {
        UserGroup group = identityProvider.createGroup(caller(), Bodies.required(draft));
        return Response.status(Response.Status.CREATED).entity(group).build();
    }

    @GET
    @Path("user-groups/{id}")
    public UserGroup group(@PathParam("id") long id) {
        return identityProvider.group(caller(), id);
    }

    @PUT
    @Path("user-groups/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public UserGroup update(@PathParam("id") long id, UserGroupDraft draft) {
        return identityProvider.updateGroup(caller(), id, Bodies.required(draft));
    }

    @DELETE
    @Path("user-groups/{id}")
    public Response delete(@PathParam("id") long id) {
        identityProvider.deleteGroup(caller(), id);
        return Response.noContent().build();
    }
}
