package io.ruleworks.domain.template;

import java.util.List;
import java.util.Optional;

/**
 * A template as a client asked for it, not yet validated: name, description and category, the
 * variables pointing into the source rule, and (extensions) icon, version, compatible_versions
 * and is_featured.
 */
public record TemplateDraft(String name, Optional<String> description, String category,
                            List<TemplateVariable.Draft> variables, Optional<String> icon, Optional<String> version,
                            Optional<List<String>> compatibleVersions, Optional<Boolean> isFeatured) {

    public TemplateDraft {
        variables = List.copyOf(variables);
    }
}
