package io.ruleworks.adapter.out.action.psa;

import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.out.PsaGateway;
import io.ruleworks.application.port.out.PsaGateway.CadenceOwner;
import io.ruleworks.application.port.out.PsaGateway.InvoiceSelector;
import io.ruleworks.domain.rule.ActionType;
import jakarta.inject.Singleton;

import java.util.Locale;
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
        Map<String, Object> config = invocation.config();
        InvoiceSelector selector;
        try {
            selector = new InvoiceSelector(requiredUuid(config, "client_id"), date(config, "window_start"),
                    date(config, "window_end"), requiredText(config, "identity_key"),
                    CadenceOwner.valueOf(text(config, "cadence_owner").orElse("client").toUpperCase(Locale.ROOT)),
                    uuid(config, "billing_cycle_id"), uuid(config, "contract_id"), uuid(config, "contract_line_id"));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw invalid(e.getMessage());
        }
        return result("invoice", psa.generateInvoice(call(invocation), selector), true);
    }
}
