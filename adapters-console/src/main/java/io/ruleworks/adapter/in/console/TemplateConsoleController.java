package io.ruleworks.adapter.in.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.application.port.in.rule.RuleDetails;
import io.ruleworks.application.port.in.template.GetTemplateUseCase;
import io.ruleworks.application.port.in.template.ListTemplatesUseCase;
import io.ruleworks.application.port.in.template.UseTemplateUseCase;
import io.ruleworks.application.port.in.template.UseTemplateUseCase.UseTemplateCommand;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.ValidationException;
import io.ruleworks.domain.shared.Violations;
import io.ruleworks.domain.template.AutomationTemplate;
import io.ruleworks.domain.template.TemplateFilter;
import io.ruleworks.domain.template.TemplateId;
import io.ruleworks.domain.template.TemplateVariable;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The templates list and "use template": a form generated from the template's variables. */
@Controller("/console/templates")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TemplateConsoleController {

    private final ListTemplatesUseCase listTemplates;
    private final GetTemplateUseCase getTemplate;
    private final UseTemplateUseCase useTemplate;
    private final ConsolePages pages;
    private final ConsoleSupport support;

    public TemplateConsoleController(ListTemplatesUseCase listTemplates, GetTemplateUseCase getTemplate,
                                     UseTemplateUseCase useTemplate, ConsolePages pages, ConsoleSupport support) {
        this.listTemplates = listTemplates;
        this.getTemplate = getTemplate;
        this.useTemplate = useTemplate;
        this.pages = pages;
        this.support = support;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<String> list(HttpRequest<?> request) {
        ConsoleSession session = support.session(request);
        Query q = new Query(request.getParameters());
        Optional<String> search = q.text("search");
        Optional<String> category = q.text("category");
        PageRequest page = q.page();
        q.validate();
        TemplateFilter none = TemplateFilter.none();
        TemplateFilter filter = new TemplateFilter(search, category, none.isFeatured(), none.compatibleVersion(),
                none.author(), none.usageCountMin(), none.usageCountMax(), none.isActive(), none.createdFrom(),
                none.createdTo(), none.updatedFrom(), none.updatedTo(), none.sort(), none.order());
        var templates = listTemplates.list(session.caller(), filter, page);
        return pages.page("templates", support.params("frame", support.frame(session, "Templates", "templates"),
                "templates", templates, "search", search.orElse(""), "category", category.orElse("")));
    }

    @Get(uri = "/{id}", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> show(HttpRequest<?> request, @PathVariable String id) {
        ConsoleSession session = support.session(request);
        return templatePage(session, getTemplate.get(session.caller(), templateId(id)), HttpStatus.OK, Map.of(), "");
    }

    @Post(uri = "/{id}/use", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> use(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        Form form = Form.parse(body);
        ConsoleSession session = support.guard(request, form, Permission.CREATE);
        AutomationTemplate template = getTemplate.get(session.caller(), templateId(id));
        Map<String, String> entered = new LinkedHashMap<>();
        template.variables().forEach(v -> form.get("var." + v.name()).ifPresent(s -> entered.put(v.name(), s)));
        try {
            Map<String, Object> values = values(template, form);
            RuleDetails rule = useTemplate.use(new UseTemplateCommand(session.caller(), template.id(), values));
            return HttpResponse.seeOther(URI.create("/console/rules/" + rule.id()));
        } catch (ValidationException e) {
            return templatePage(session, template, HttpStatus.BAD_REQUEST, entered, ConsoleSupport.describe(e));
        }
    }

    @Error
    public MutableHttpResponse<String> failed(HttpRequest<?> request, Throwable e) {
        return support.error(request, e);
    }

    private MutableHttpResponse<String> templatePage(ConsoleSession session, AutomationTemplate template,
                                                     HttpStatus status, Map<String, String> entered, String message) {
        return pages.page(status, "template", support.params("frame",
                support.frame(session, template.name(), "templates"), "template", template, "entered", entered,
                "message", message, "canCreate", session.may(Permission.CREATE)));
    }

    /**
     * The form's fields as the variables' JSON values: empty fields are left out (the variable's
     * default applies), choices are sent as option positions and mapped back to the options' values.
     */
    static Map<String, Object> values(AutomationTemplate template, Form form) {
        Violations v = new Violations();
        Map<String, Object> values = new LinkedHashMap<>();
        for (TemplateVariable variable : template.variables()) {
            String field = "var." + variable.name();
            String at = Violations.child("variables", variable.name());
            switch (variable.type()) {
                case MULTISELECT -> {
                    List<Object> chosen = new ArrayList<>();
                    for (String raw : form.all(field)) {
                        option(variable, raw).ifPresentOrElse(chosen::add, () -> v.add(at, "is not one of the options"));
                    }
                    if (!chosen.isEmpty() || form.has(field + ".present")) {
                        values.put(variable.name(), chosen);
                    }
                }
                default -> {
                    Optional<String> raw = form.get(field).map(String::strip).filter(s -> !s.isEmpty());
                    if (raw.isEmpty()) {
                        continue;
                    }
                    switch (variable.type()) {
                        case NUMBER -> {
                            try {
                                values.put(variable.name(), new BigDecimal(raw.get()));
                            } catch (NumberFormatException e) {
                                v.add(at, "must be a number");
                            }
                        }
                        case BOOLEAN -> values.put(variable.name(), Boolean.parseBoolean(raw.get()));
                        case SELECT -> option(variable, raw.get()).ifPresentOrElse(o -> values.put(variable.name(), o),
                                () -> v.add(at, "is not one of the options"));
                        default -> values.put(variable.name(), raw.get());
                    }
                }
            }
        }
        v.throwIfAny();
        return values;
    }

    private static Optional<Object> option(TemplateVariable variable, String position) {
        try {
            int i = Integer.parseInt(position);
            return i >= 0 && i < variable.options().size() ? Optional.of(variable.options().get(i).value())
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static TemplateId templateId(String id) {
        try {
            return new TemplateId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("id", "must be a UUID");
        }
    }
}
