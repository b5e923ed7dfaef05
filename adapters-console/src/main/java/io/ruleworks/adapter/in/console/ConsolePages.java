package io.ruleworks.adapter.in.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Renders the console's JTE templates, precompiled at build time (jte-maven-plugin) into classes
 * on the classpath: no template is parsed or compiled at run time. HTML content type: every
 * {@code ${...}} is escaped for its context.
 */
@Singleton
public class ConsolePages {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    public String render(String template, Map<String, Object> params) {
        StringOutput output = new StringOutput(8192);
        engine.render(template + ".jte", params, output);
        return output.toString();
    }

    public MutableHttpResponse<String> page(String template, Map<String, Object> params) {
        return page(HttpStatus.OK, template, params);
    }

    public MutableHttpResponse<String> page(HttpStatus status, String template, Map<String, Object> params) {
        return HttpResponse.<String>status(status).contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
                .body(render(template, params));
    }
}
