package io.haven.console;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/**
 * Serves the console's files from this bundle under {@code /console/}, with the security headers of
 * {@link SecurityHeaders}. Only files of the known types are served; {@code /console/} is the page itself
 * and every screen is a fragment of it (#/accounts), so no path is guessed.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/console/*",
        "osgi.http.whiteboard.servlet.name=haven-console"})
public class ConsoleServlet extends HttpServlet {

    static final String ROOT = "console";
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SecurityHeaders.apply(response);
        String path = request.getPathInfo();
        if (path == null) {
            response.sendRedirect(request.getContextPath() + "/console/");
            return;
        }
        String file = path.equals("/") ? "index.html" : path.substring(1);
        String type = typeOf(file);
        InputStream content = type == null ? null : ConsoleServlet.class.getClassLoader().getResourceAsStream(ROOT + "/" + file);
        if (content == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (content) {
            response.setContentType(type);
            // Always revalidated: a new Haven version must not run with an old module the browser kept.
            response.setHeader("Cache-Control", "no-cache");
            content.transferTo(response.getOutputStream());
        }
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        doGet(request, response);
    }

    /** The content type of a file name the console may serve; null for anything else, including any "..". */
    static String typeOf(String file) {
        if (!file.matches("[a-z0-9-]+(/[a-z0-9-]+)*\\.[a-z]+")) {
            return null;
        }
        return TYPES.get(file.substring(file.lastIndexOf('.') + 1));
    }
}
