package io.ruleworks.application.port.in.rule;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.rule.RuleFilter;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;

public interface ListRulesUseCase {

    Page<RuleDetails> list(Caller caller, RuleFilter filter, PageRequest page);
}
