package io.haven.api.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a type publishes about an option must be something a form can draw without guessing. */
class TargetOptionTest {

    @Test
    void aYesNoOptionTakesTrueAndFalse() {
        TargetOption reboot = TargetOption.yesNo("reboot", "Reboot", false, "Reboot for the image");
        assertThat(reboot.kind()).isEqualTo(TargetOption.Kind.BOOLEAN);
        assertThat(reboot.allowed()).containsExactly("true", "false");
        assertThat(reboot.defaultValue()).isEqualTo("false");
        assertThat(new TargetOption("reboot", null, TargetOption.Kind.BOOLEAN, null, null, null).allowed())
                .containsExactly("true", "false");
    }

    @Test
    void theLabelIsTheNameAndTheDescriptionEmptyWhenNotGiven() {
        TargetOption devices = new TargetOption("devices", " ", TargetOption.Kind.LIST, null, null, null);
        assertThat(devices.label()).isEqualTo("devices");
        assertThat(devices.description()).isEmpty();
        assertThat(devices.allowed()).isEmpty();
    }

    @Test
    void whatAFormCouldNotDrawIsRefused() {
        assertThatThrownBy(() -> TargetOption.choice("volumes", "Volumes", null, "", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("volumes");
        assertThatThrownBy(() -> TargetOption.choice("volumes", "Volumes", "some", "", List.of("all", "include")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("some");
        assertThatThrownBy(() -> new TargetOption("name", null, TargetOption.Kind.TEXT, null, null, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetOption.text(" ", null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TargetOption("x", null, null, null, null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aTypeBuiltBefore17PublishesNoOptions() {
        TargetType old = (TargetType) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TargetType.class}, (proxy, method, args) -> method.isDefault()
                        ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args) : null);
        assertThat(old.options()).isEmpty();
    }
}
