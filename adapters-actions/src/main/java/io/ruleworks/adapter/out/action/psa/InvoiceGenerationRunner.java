package io.ruleworks.adapter.out.action.psa;

import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.out.action.PsaGateway;
import io.ruleworks.application.port.out.action.PsaGateway.CadenceOwner;
import io.ruleworks.application.port.out.action.PsaGateway.InvoiceSelector;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.InvoiceGenerationConfig;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * invoice_generation: POST /api/v1/invoices/generate with the selector built from client_id, the
 * billing window and the cadence (client or contract). Result: invoice_id, invoice.
 */
@Singleton
public class InvoiceGenerationRunner extends PsaActionRunner {

    public InvoiceGenerationRunner(PsaGateway psa, JsonMapper json) {
        super(psa, json);
    }

    @Override
    public ActionType type() {
        return ActionType.INVOICE_GENERATION;
    }

    @Override
    public Map<String, Object> run(Invocation invocation) throws InterruptedException {
        InvoiceGenerationConfig config = invocation.typedConfig(InvoiceGenerationConfig.class);
        InvoiceSelector selector = new InvoiceSelector(config.clientId(), config.windowStart(), config.windowEnd(),
                config.identityKey(), CadenceOwner.valueOf(config.cadenceOwner().name()), config.billingCycleId(),
                config.contractId(), config.contractLineId());
        return result("invoice", psa.generateInvoice(call(invocation), selector), true);
    }
}
