package io.haven.console;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/** {@code https://host:8443/} opens the console. The empty pattern matches the root alone (Servlet 3.0, 12.2). */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=",
        "osgi.http.whiteboard.servlet.name=haven-console-root"})
public class RootRedirect extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SecurityHeaders.apply(response);
        response.sendRedirect(request.getContextPath() + "/console/");
    }
}
