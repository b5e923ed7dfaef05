package io.ruleworks.domain.template;

import io.ruleworks.domain.shared.SortOrder;

import java.time.Instant;
import java.util.Optional;

/** The filters of GET /templates, already parsed; every one is optional and they combine with AND. */
public record TemplateFilter(Optional<String> search, Optional<String> category, Optional<Boolean> isFeatured,
                             Optional<String> compatibleVersion, Optional<String> author,
                             Optional<Long> usageCountMin, Optional<Long> usageCountMax, Optional<Boolean> isActive,
                             Optional<Instant> createdFrom, Optional<Instant> createdTo,
                             Optional<Instant> updatedFrom, Optional<Instant> updatedTo,
                             TemplateSortField sort, SortOrder order) {

    public static TemplateFilter none() {
        return new TemplateFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), TemplateSortField.CREATED_AT, SortOrder.DESC);
    }
}
