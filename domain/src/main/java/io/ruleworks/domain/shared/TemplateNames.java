package io.ruleworks.domain.shared;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import java.util.ArrayList;
import java.util.List;

/**
 * The names a template's tags use, as the renderer parses them: variables ({@code {{a.b}}},
 * {@code {{{a}}}}, {@code {{& a}}}) and sections ({@code {{#a}}}, {@code {{^a}}}) at any depth,
 * also after a delimiter change ({@code {{=<% %>=}}}), which a textual search would miss.
 */
public final class TemplateNames {

    private TemplateNames() {
    }

    /**
     * The names used by {@code text}, in order; empty for text without tags and for text that does
     * not parse (such a template cannot be rendered, so it reaches nothing).
     */
    public static List<String> of(String text) {
        List<String> names = new ArrayList<>();
        if (!text.contains("{{")) {
            return names;
        }
        Template template;
        try {
            template = Mustache.compiler().compile(text);
        } catch (RuntimeException e) {
            return names;
        }
        template.visit(new Mustache.Visitor() {
            @Override
            public void visitText(String text) {
            }

            @Override
            public void visitVariable(String name) {
                names.add(name);
            }

            @Override
            public boolean visitInclude(String name) {
                return false;
            }

            @Override
            public boolean visitParent(String name) {
                return false;
            }

            @Override
            public boolean visitBlock(String name) {
                return true;
            }

            @Override
            public boolean visitSection(String name) {
                names.add(name);
                return true;
            }

            @Override
            public boolean visitInvertedSection(String name) {
                names.add(name);
                return true;
            }
        });
        return names;
    }

    /**
     * Whether {@code text} uses a name whose first segment is {@code root}: {@code root} itself,
     * {@code root.x}, or a section over it. Inside a section a name resolves against the section's
     * value first and then outwards, so a name is counted wherever it stands.
     */
    public static boolean usesRoot(String text, String root) {
        return of(text).stream().anyMatch(name -> name.trim().equals(root) || name.trim().startsWith(root + "."));
    }
}
