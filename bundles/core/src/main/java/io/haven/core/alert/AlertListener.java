package io.haven.core.alert;

import io.haven.api.model.Alert;

/** Told when an alert is raised for the first time or cleared, after it is stored; must return at once. */
public interface AlertListener {

    AlertListener NONE = new AlertListener() {
        @Override
        public void raised(Alert alert) {
        }

        @Override
        public void cleared(Alert alert) {
        }
    };

    void raised(Alert alert);

    void cleared(Alert alert);
}
