package io.haven.rest.http;

import io.haven.rest.problem.Problem;
import java.nio.ByteBuffer;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.osgi.service.component.annotations.Component;

/**
 * What Jetty answers before any servlet runs, as problem documents. Pax Web runs Jetty handlers
 * registered as services with a positive ranking ahead of the servlet contexts:
 * <ul>
 * <li>TRACE is refused on the whole server (Pax Web refuses it too, but with a bare 405 and no
 * {@code Allow}, which RFC 9110 requires): 405 with the path's documented methods, or 404 for a path
 * that has none.</li>
 * <li>Requests Jetty cannot parse (a malformed request line, headers over its limit: 400, 431) get a
 * problem document from the server's error handler instead of Jetty's HTML.</li>
 * </ul>
 */
@Component(service = Handler.class, property = "service.ranking:Integer=100")
public class ContainerGuard extends AbstractHandler {

    private final ContainerProblems problems = new ContainerProblems();

    /** Pax Web hands this one service to each Jetty server it creates (a configuration change makes a new one). */
    @Override
    public void setServer(Server server) {
        if (server != getServer() && isStarted()) {
            try {
                stop();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot stop the handler for a new server", e);
            }
        }
        super.setServer(server);
    }

    @Override
    protected void doStart() throws Exception {
        Server server = getServer();
        if (server != null && !(server.getErrorHandler() instanceof ProblemErrorHandler)) {
            ProblemErrorHandler errors = new ProblemErrorHandler();
            // Its server first: Jetty starts the new handler at once and refuses to change a started one's server.
            errors.setServer(server);
            server.setErrorHandler(errors);
        }
        super.doStart();
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws java.io.IOException {
        if (!"TRACE".equals(request.getMethod())) {
            return;
        }
        baseRequest.setHandled(true);
        Problem problem = problems.problem(405, request.getRequestURI());
        response.setStatus(problem.status());
        problems.allow(request.getRequestURI()).ifPresent(allow -> response.setHeader("Allow", allow));
        response.setContentType(Problem.MEDIA_TYPE);
        response.getOutputStream().write(ContainerProblems.bytes(problem));
    }

    /** Jetty's answer to what it cannot parse, as a problem document. */
    static final class ProblemErrorHandler extends ErrorHandler {
        private final ContainerProblems problems = new ContainerProblems();

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
            fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
            Problem problem = problems.problem(status, "");
            return ByteBuffer.wrap(ContainerProblems.bytes(reason == null ? problem
                    : Problem.of(problem.status(), slug(problem), problem.title(), reason)));
        }

        private static String slug(Problem problem) {
            return problem.type().substring(problem.type().lastIndexOf('/') + 1);
        }
    }
}
