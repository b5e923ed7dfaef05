package io.ruleworks.adapter.in.http.rule;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleworks.adapter.in.http.json.OpenObjects;
import io.ruleworks.adapter.in.http.json.RequestBodyReader;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.ConfigSchemas;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.WireEnum;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The open objects of a rule body with schemas of their own: {@code trigger_config} under its
 * {@code trigger_type}'s schema and each {@code actions[i].config} under its action type's, both
 * generated from the checks (the schemas GET /meta serves). A body without a valid type for one
 * leaves it to the checks.
 */
@Singleton
public class RuleOpenObjects implements OpenObjects {

    private final Map<TriggerType, JsonNode> triggers = new EnumMap<>(TriggerType.class);
    private final Map<ActionType, JsonNode> actions = new EnumMap<>(ActionType.class);

    public RuleOpenObjects(RequestBodyReader bodies) {
        for (TriggerType type : TriggerType.values()) {
            triggers.put(type, bodies.tree(ConfigSchemas.trigger(type)));
        }
        for (ActionType type : ActionType.values()) {
            actions.put(type, bodies.tree(ConfigSchemas.action(type)));
        }
    }

    @Override
    public List<OpenObject> of(JsonNode body) {
        List<OpenObject> open = new ArrayList<>();
        JsonNode config = body.path("trigger_config");
        WireEnum.parse(TriggerType.class, body.path("trigger_type").asText(""))
                .filter(t -> config.isObject())
                .ifPresent(t -> open.add(new OpenObject(config, triggers.get(t), "trigger_config")));
        JsonNode list = body.path("actions");
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            JsonNode action = list.get(i);
            JsonNode actionConfig = action.path("config");
            int index = i;
            WireEnum.parse(ActionType.class, action.path("type").asText(""))
                    .filter(t -> actionConfig.isObject())
                    .ifPresent(t -> open.add(new OpenObject(actionConfig, actions.get(t), "actions[" + index + "].config")));
        }
        return open;
    }
}
