package io.ruleworks.domain.execution;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateRendererPropertyTest {

    private final TemplateRenderer renderer = new TemplateRenderer();

    @Property(edgeCases = EdgeCasesMode.NONE)
    void a_config_without_templates_renders_to_an_equal_config(@ForAll("configs") Map<String, Object> config) {
        RenderResult result = renderer.render(config, Map.of("trigger", Map.of("x", 1)));
        assertThat(result.config()).isEqualTo(config);
        assertThat(result.missingVariables()).isEmpty();
    }

    @Property
    void any_string_is_inserted_verbatim(@ForAll String value) {
        Map<String, Object> context = Map.of("trigger", Map.of("value", value));
        RenderResult result = renderer.render(Map.of("text", "<{{trigger.value}}>", "whole", "{{trigger.value}}"), context);
        assertThat(result.config()).containsEntry("text", "<" + value + ">").containsEntry("whole", value);
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void a_single_tag_returns_the_value_it_names(@ForAll("values") Object value) {
        Map<String, Object> trigger = new HashMap<>();
        trigger.put("value", value);
        RenderResult result = renderer.render(Map.of("whole", "{{ trigger.value }}"), Map.of("trigger", trigger));
        assertThat(result.config().get("whole")).isEqualTo(value);
        assertThat(result.missingVariables()).isEmpty();
    }

    @Provide
    Arbitrary<Map<String, Object>> configs() {
        return Arbitraries.maps(Arbitraries.strings().ofMaxLength(5), values()).ofMaxSize(4);
    }

    /** JSON-like values whose strings hold no "{{". */
    @Provide
    Arbitrary<Object> values() {
        return values(3);
    }

    private static Arbitrary<Object> values(int depth) {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(10).filter(s -> !s.contains("{{")).map(Object.class::cast),
                Arbitraries.of("}}", "{ {", "{x}", "a{b}c}}", "{", "x{").map(Object.class::cast),
                Arbitraries.integers().map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.bigDecimals().between(new BigDecimal("-1e9"), new BigDecimal("1e9")).ofScale(2).map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast)).injectNull(0.1);
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<Object> inner = values(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(5, scalars),
                Tuple.of(1, inner.list().ofMaxSize(3).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.maps(Arbitraries.strings().ofMaxLength(3), inner).ofMaxSize(3)
                        .map(Object.class::cast)));
    }
}
