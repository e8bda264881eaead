package io.jobkit.admin;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OidcLoginTest {
    @Test
    void pkceChallenge_isS256OfTheVerifier_asInRfc7636AppendixB() {
        assertThat(OidcLogin.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void returnPath_isASameOriginPath_orRefused() {
        assertThat(OidcLogin.returnPath(null)).isEqualTo("/");
        assertThat(OidcLogin.returnPath("/jobs?status=failed#x")).isEqualTo("/jobs?status=failed#x");
        for (String bad : List.of("//evil.example/", "https://evil.example/", "/\\evil.example", "jobs", "",
                "/a\r\nSet-Cookie: x=1", "/a b")) {
            assertThatThrownBy(() -> OidcLogin.returnPath(bad)).as(bad).isInstanceOf(ApiError.class)
                    .hasMessageContaining("path on this server");
        }
    }

    @Test
    void cookies_areHttpOnly_withTheirSameSite_andSecureOnlyOverHttps() {
        assertThat(Cookies.set("jobkit_session", "v", "/", "Strict", Duration.ofHours(8), false))
                .isEqualTo("jobkit_session=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800");
        assertThat(Cookies.set("jobkit_session", "v", "/", "Strict", null, true))
                .isEqualTo("jobkit_session=v; Path=/; HttpOnly; SameSite=Strict; Secure");
        assertThat(Cookies.clear("jobkit_oidc", "/auth/oidc", "Lax", false)).contains("Max-Age=0").contains("SameSite=Lax");
        assertThat(Cookies.read(List.of("a=1; jobkit_session=abc.def ; b=2"), "jobkit_session")).isEqualTo("abc.def");
        assertThat(Cookies.read(List.of("a=1", "jobkit_session=\"q\""), "jobkit_session")).isEqualTo("q");
        assertThat(Cookies.read(List.of("xjobkit_session=1"), "jobkit_session")).isNull();
        assertThat(Cookies.read(null, "jobkit_session")).isNull();
    }

    @Test
    void origins_loopbackModeAcceptsOnlyLoopbackOrigins_otherwiseTheHostItCameTo() {
        assertThat(Origins.sameOrigin("http://127.0.0.1:8090", "127.0.0.1:8090", false, true, 8090)).isTrue();
        assertThat(Origins.sameOrigin("http://localhost:8090", "localhost:8090", false, true, 8090)).isTrue();
        assertThat(Origins.sameOrigin("http://127.0.0.1:9999", "127.0.0.1:8090", false, true, 8090)).isFalse();
        assertThat(Origins.sameOrigin("https://evil.example", "127.0.0.1:8090", false, true, 8090)).isFalse();
        assertThat(Origins.sameOrigin("null", "127.0.0.1:8090", false, true, 8090)).isFalse();
        assertThat(Origins.sameOrigin("https://console.example.com", "console.example.com", true, false, 8090)).isTrue();
        assertThat(Origins.sameOrigin("http://console.example.com", "console.example.com", true, false, 8090)).isFalse();
        assertThat(Origins.sameOrigin("https://evil.example", "console.example.com", true, false, 8090)).isFalse();
        assertThat(Origins.loopbackHost("127.0.0.1:8090")).isTrue();
        assertThat(Origins.loopbackHost("[::1]:8090")).isTrue();
        assertThat(Origins.loopbackHost("localhost")).isTrue();
        assertThat(Origins.loopbackHost("evil.example:8090")).as("DNS rebinding").isFalse();
        assertThat(Origins.secure(false, "https")).isTrue();
        assertThat(Origins.secure(false, null)).isFalse();
    }
}
