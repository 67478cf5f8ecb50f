package io.haven.rest.resources;

import io.haven.api.model.TotpEnrollment;
import io.haven.api.service.UserService;
import io.haven.rest.auth.HavenSecurityContext;
import io.haven.rest.dto.SecondFactorCode;
import io.haven.rest.dto.SecondFactorStatus;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/**
 * The calling user's own TOTP second factor: POST starts one (the secret is in that answer only), PUT proves it with
 * a code and turns it on, POST .../turn-off turns it off with a code. The rules are core's ({@link UserService}).
 */
@Path("v1/second-factor")
@Produces(MediaType.APPLICATION_JSON)
public class SecondFactorResource {

    private final UserService users;

    public SecondFactorResource(UserService users) {
        this.users = users;
    }

    @GET
    public SecondFactorStatus state(@Context SecurityContext security) {
        return new SecondFactorStatus(users.secondFactor(HavenSecurityContext.user(security).id()));
    }

    @POST
    public Response start(@Context SecurityContext security) {
        TotpEnrollment enrollment = users.startSecondFactor(HavenSecurityContext.caller(security));
        return Response.status(Response.Status.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(enrollment).build();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response confirm(SecondFactorCode request, @Context SecurityContext security) {
        users.confirmSecondFactor(HavenSecurityContext.caller(security), Bodies.required(request).value());
        return Response.noContent().build();
    }

    @POST
    @Path("turn-off")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response turnOff(SecondFactorCode request, @Context SecurityContext security) {
        users.turnOffSecondFactor(HavenSecurityContext.caller(security), Bodies.required(request).value());
        return Response.noContent().build();
    }
}
