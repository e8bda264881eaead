package io.jobkit.client.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpdatePlaceholderTest {

    @Test
    void placeholders_keepLettersDigitsAndUnderscores_andReplaceEverythingElse() {
        assertThat(Update.placeholderOf("leaseExpiresAt")).isEqualTo("#leaseExpiresAt");
        assertThat(Update.placeholderOf("status_shard2")).isEqualTo("#status_shard2");
        assertThat(Update.placeholderOf("a-b.c:d")).isEqualTo("#a_b_c_d");
        assertThat(Update.placeholderOf("größe")).isEqualTo("#gr__e");
    }

    @Test
    void everyNamedAttribute_isListedUnderItsPlaceholder() {
        Update u = new Update().set("a-b", JobItems.s("x")).remove("c");
        assertThat(u.names()).containsEntry("#a_b", "a-b").containsEntry("#c", "c");
        assertThat(u.updateExpression()).isEqualTo("SET #a_b = :v0 REMOVE #c");
    }
}
