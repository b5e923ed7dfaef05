package io.ruleworks.domain.rule;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** invoice_generation: the client, the billing window and whose cadence (client or contract) selects it. */
public record InvoiceGenerationConfig(UUID clientId, LocalDate windowStart, LocalDate windowEnd, String identityKey,
                                      CadenceOwner cadenceOwner, Optional<UUID> billingCycleId,
                                      Optional<UUID> contractId, Optional<UUID> contractLineId)
        implements ActionConfig {

    /** Whose billing cadence the window belongs to. */
    public enum CadenceOwner { CLIENT, CONTRACT }

    public InvoiceGenerationConfig {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(identityKey, "identityKey");
        Objects.requireNonNull(cadenceOwner, "cadenceOwner");
    }
}
