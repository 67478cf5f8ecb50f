package io.haven.rest.http;

import io.haven.rest.problem.Problem;
import java.io.IOException;
import javax.servlet.RequestDispatcher;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/**
 * The error pages of Haven's servlet context, as problem documents instead of Jetty's HTML: what the
 * container refuses before Jersey sees the request, such as a path no servlet serves. (Jetty shows error
 * pages only for GET, POST and HEAD; {@link ContainerGuard} covers TRACE and what Jetty cannot parse.)
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.errorPage=4xx",
        "osgi.http.whiteboard.servlet.errorPage=5xx",
        "osgi.http.whiteboard.servlet.name=haven-error-pages"})
public class ErrorPages extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ContainerProblems problems = new ContainerProblems();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
        String path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri : "";
        Problem problem = problems.problem(status, path);
        response.setStatus(problem.status());
        if (problem.status() == 405) {
            problems.allow(path).ifPresent(allow -> response.setHeader("Allow", allow));
        }
        response.setContentType(Problem.MEDIA_TYPE);
        response.getOutputStream().write(ContainerProblems.bytes(problem));
    }
}
