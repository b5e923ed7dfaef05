package io.ruleworks.adapter.in.http.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The object examples of RFC 7396, appendix A (a patch that is not an object is refused before it gets here). */
class MergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "{'a':'b'}                  | {'a':'c'}             | {'a':'c'}",
            "{'a':'b'}                  | {'b':'c'}             | {'a':'b','b':'c'}",
            "{'a':'b'}                  | {'a':null}            | {}",
            "{'a':'b','b':'c'}          | {'a':null}            | {'b':'c'}",
            "{'a':['b']}                | {'a':'c'}             | {'a':'c'}",
            "{'a':'c'}                  | {'a':['b']}           | {'a':['b']}",
            "{'a':{'b':'c'}}            | {'a':{'b':'d','c':null}} | {'a':{'b':'d'}}",
            "{'a':[{'b':'c'}]}          | {'a':[1]}             | {'a':[1]}",
            "{'e':null}                 | {'a':1}               | {'e':null,'a':1}",
            "{}                         | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}"})
    void applies_the_rfc_examples(String target, String patch, String result) throws Exception {
        ObjectNode merged = MergePatch.apply(read(target), (ObjectNode) read(patch));

        assertThat(merged).isEqualTo(read(result));
    }

    private static JsonNode read(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }
}
