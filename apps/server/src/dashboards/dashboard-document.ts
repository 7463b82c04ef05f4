import { DASHBOARD_DOCUMENT_FORMAT, DASHBOARD_DOCUMENT_VERSION, type Dashboard, type DashboardContent, type DashboardDocument } from '@pulse/api-contract/schemas';

/**
 * A dashboard as a file and back. The document is built field by field (never by spreading the
 * dashboard), so nothing of who owns it, who sees it or its links can slip into an export; an
 * import takes only what the document shows and makes it private to the importer.
 */
export function toDocument(dashboard: Dashboard): DashboardDocument {
  return {
    format: DASHBOARD_DOCUMENT_FORMAT,
    version: DASHBOARD_DOCUMENT_VERSION,
    name: dashboard.name,
    description: null,
    widgets: dashboard.widgetPreferences,
    layoutConfig: dashboard.layoutConfig,
    themeSettings: dashboard.themeSettings,
  };
}

export function contentOfDocument(document: DashboardDocument, name: string | undefined): DashboardContent {
  return {
    name: name ?? document.name,
    visibility: 'private',
    role: null,
    layoutConfig: document.layoutConfig,
    widgetPreferences: document.widgets,
    themeSettings: document.themeSettings,
  };
}
