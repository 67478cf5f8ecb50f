package io.haven.rest.agent;

import io.haven.api.service.AlertService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /agentapi/*} on the HTTP whiteboard, beside the REST API rather than in it: the guide fixes its path and
 * its authentication (an alerts key, not Basic or Bearer), so it is not part of {@code /api/v1} or its OpenAPI
 * document. It serves only {@link CpmAlerts#PATH}.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/agentapi/*",
        "osgi.http.whiteboard.servlet.name=haven-agentapi"})
public class AgentApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient CpmAlerts cpmAlerts;

    @Activate
    public AgentApiServlet(@Reference AlertService alerts) {
        this.cpmAlerts = new CpmAlerts(alerts);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        CpmAlerts.Answer answer = cpmAlerts.answer(request.getMethod(), path, request.getHeader("Authorization"),
                request.getRemoteAddr());
        response.setStatus(answer.status());
        response.setContentType(answer.contentType());
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(answer.body().getBytes(StandardCharsets.UTF_8));
    }
}
