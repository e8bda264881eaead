package io.jobkit.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminTokensTest {

    @Test
    void issue_makesAnEntryThatFindsTheToken_andOnlyIt() {
        AdminTokens.Issued t = AdminTokens.issue(Role.OPERATOR, "otto");
        assertThat(t.entry()).matches("otto=operator:[0-9a-f]{64}").doesNotContain(t.token());
        AdminTokens tokens = AdminTokens.parse(t.entry() + ", viewer:" + AdminTokens.sha256Hex("other"));
        assertThat(tokens.lookup(t.token())).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("otto");
            assertThat(p.role()).isEqualTo(Role.OPERATOR);
        });
        assertThat(tokens.lookup("other")).hasValueSatisfying(p -> assertThat(p.name()).startsWith("token-"));
        assertThat(tokens.lookup(t.token() + "x")).isEmpty();
        assertThat(t.toString()).doesNotContain(t.token());
    }

    @Test
    void issue_makesADifferentTokenEachTime() {
        assertThat(AdminTokens.issue(Role.ADMIN, null).token()).isNotEqualTo(AdminTokens.issue(Role.ADMIN, null).token());
    }

    @Test
    void parse_rejectsUnknownRolesAndBadHashes_sayingWhichEntry() {
        String hash = AdminTokens.sha256Hex("t");
        assertThatThrownBy(() -> AdminTokens.parse("viewer:" + hash + ",root:" + hash))
                .hasMessageContaining("entry 2").hasMessageContaining("viewer, operator, admin");
        assertThatThrownBy(() -> AdminTokens.parse("admin:ABC")).hasMessageContaining("entry 1");
        assertThatThrownBy(() -> AdminTokens.issue(Role.ADMIN, "has space")).isInstanceOf(IllegalArgumentException.class);
        assertThat(AdminTokens.parse("").isEmpty()).isTrue();
    }
}
