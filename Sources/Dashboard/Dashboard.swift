// The dashboard: app state, actions, reducer, panes, i18n.
