package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.shared.FieldViolation;
import io.ruleworks.domain.shared.ValidationException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;

class RuleDefinitionPropertyTest {

    @Property(tries = 500)
    void a_valid_definition_reads_back_equal_from_its_own_draft(@ForAll("validDrafts") RuleDraft draft) {
        RuleDefinition definition = RuleDefinition.from(draft);

        RuleDefinition again = RuleDefinition.from(definition.toDraft());

        assertThat(again).isEqualTo(definition);
    }

    @Property(tries = 1_000)
    void any_input_is_accepted_or_refused_with_violations_under_known_fields(@ForAll("arbitraryDrafts") RuleDraft draft) {
        assertAcceptedOrRefusedUnderKnownFields(draft);
    }

    @Property(tries = 1_000)
    void a_valid_draft_with_one_value_replaced_is_accepted_or_refused_under_known_fields(
            @ForAll("mutatedDrafts") RuleDraft draft) {
        boolean accepted = assertAcceptedOrRefusedUnderKnownFields(draft);

        Statistics.collect(accepted ? "accepted" : "refused");
        Statistics.coverage(coverage -> {
            coverage.check("accepted").percentage(p -> p > 5);
            coverage.check("refused").percentage(p -> p > 20);
        });
    }

    @Property(tries = 1_000)
    void any_cron_text_is_accepted_or_refused_at_the_cron_expression(@ForAll("cronTexts") String cron) {
        RuleDraft draft = RuleDrafts.aRule().withTrigger("recurring",
                Json.object("schedule_type", "custom_cron", "cron_expression", cron)).build();

        assertAcceptedOrRefusedOnlyAt(draft, "trigger_config.cron_expression");
    }

    @Property(tries = 1_000)
    void any_regex_text_is_accepted_or_refused_at_the_condition_value(@ForAll("regexTexts") String regex) {
        RuleDraft draft = RuleDrafts.aRule().withConditions(RuleDrafts.condition("ticket.title", "regex_match", regex))
                .build();

        assertAcceptedOrRefusedOnlyAt(draft, "conditions[0].value");
    }

    private static void assertAcceptedOrRefusedOnlyAt(RuleDraft draft, String field) {
        try {
            RuleDefinition.from(draft);
        } catch (ValidationException refused) {
            assertThat(refused.violations()).extracting(FieldViolation::field).containsOnly(field);
        }
    }

    /** Fails on any exception but ValidationException, and on a violation outside the rule's fields. */
    private static boolean assertAcceptedOrRefusedUnderKnownFields(RuleDraft draft) {
        try {
            RuleDefinition.from(draft);
            return true;
        } catch (ValidationException refused) {
            assertThat(refused.violations()).isNotEmpty().allSatisfy(v ->
                    assertThat(topLevelField(v)).isIn(RuleDraftArbitraries.TOP_LEVEL_FIELDS));
            return false;
        }
    }

    private static String topLevelField(FieldViolation violation) {
        return violation.field().split("[.\\[]", 2)[0];
    }

    @Provide
    Arbitrary<String> cronTexts() {
        return Arbitraries.strings().withChars("0123456789*/,-?LW# ").withChars("JANFEBMONSUNjan").ofMaxLength(30);
    }

    @Provide
    Arbitrary<String> regexTexts() {
        return Arbitraries.strings().withChars("()[]{}*+?|\\^$.,:<>!=-aZ09dwsPpQE").ofMaxLength(20);
    }

    @Provide
    Arbitrary<RuleDraft> validDrafts() {
        return RuleDraftArbitraries.validDrafts();
    }

    @Provide
    Arbitrary<RuleDraft> arbitraryDrafts() {
        return RuleDraftArbitraries.arbitraryDrafts();
    }

    @Provide
    Arbitrary<RuleDraft> mutatedDrafts() {
        return RuleDraftArbitraries.mutatedDrafts();
    }
}
