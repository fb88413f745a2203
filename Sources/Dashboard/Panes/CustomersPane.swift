import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Customers (support): type-ahead search, the results table, and the journey of the opened customer.
enum CustomersPane {
    static func render(_ state: AppState, in content: Rect, into frame: inout CellBuffer) {
        let layout = CustomersLayout(content: content)
        let l = state.localizer
        let theme = state.theme
        let customers = state.customers

        let label = "/ "
        frame.text(label, x: layout.search.x, y: layout.search.y, width: 2, style: theme[.footerKey])
        var input = customers.search
        if input.placeholder.isEmpty { input.placeholder = l.t("customers.searchPrompt") }
        input.render(into: &frame, in: layout.search.inset(leading: 2), theme: theme)

        if let journey = state.journey {
            JourneyPane.render(state, journey, in: layout.body, into: &frame)
            frame.text(l.t("journey.back"), x: layout.status.x, y: layout.status.y, width: layout.status.width,
                       style: theme[.muted])
            return
        }
        let status: String
        var statusStyle = theme[.muted]
        if let error = customers.error {
            status = error
            statusStyle = theme[.statusError]
        } else if customers.searching || (customers.hits == nil && customers.page.rows.isEmpty && customers.page.requested != nil) {
            status = l.t("customers.searching")
        } else if customers.hits != nil {
            status = l.plural("customers.results", count: customers.rowCount)
        } else {
            status = l.plural("customers.all", count: customers.page.total)
        }
        frame.text(status, x: layout.status.x, y: layout.status.y, width: layout.status.width, style: statusStyle)
        table(state).render(into: &frame, in: layout.body, theme: theme)
    }

    static func columns(_ state: AppState, width: Int) -> [TableColumn] {
        let l = state.localizer
        var columns = [
            TableColumn(title: l.t("column.name"), width: .flex(min: 14, weight: 3)),
            TableColumn(title: l.t("column.email"), width: .flex(min: 16, weight: 3)),
        ]
        if width >= 100 { columns.append(TableColumn(title: l.t("column.phone"), width: .fixed(15))) }
        columns.append(TableColumn(title: l.t("column.orders"), width: .fixed(6), alignment: .trailing))
        if width >= 80 { columns.append(TableColumn(title: l.t("column.spent"), width: .fixed(11), alignment: .trailing)) }
        columns.append(TableColumn(title: l.t("column.balance"), width: .fixed(8), alignment: .trailing))
        if width >= 90 { columns.append(TableColumn(title: l.t("column.lastOrder"), width: .fixed(11), alignment: .trailing)) }
        return columns
    }

    /// The results table for the current state (built per frame; the provider only reads loaded rows).
    static func table(_ state: AppState) -> Table {
        let body = CustomersLayout(content: ShellLayout(size: state.size).content).body
        let l = state.localizer
        let currency = state.currency
        let width = body.width
        let format = l.format
        let placeholder = state.glyphs.ellipsis
        let cells: @Sendable (CustomerRow) -> [String] = { row in
            let c = row.customer
            var cells = [c.displayName, c.email ?? ""]
            if width >= 100 { cells.append(c.phone ?? "") }
            cells.append(format.integer(c.ordersCount))
            if width >= 80 { cells.append(format.money(minorUnits: c.totalSpentMinor, currency: currency.code, exponent: currency.exponent)) }
            cells.append(format.integer(row.pointsBalance))
            if width >= 90 { cells.append(c.lastOrderAt.map { format.date(unixSeconds: $0) } ?? "") }
            return cells
        }
        let provider: @Sendable (Int) -> [String]
        let count: Int
        if let hits = state.customers.hits {
            count = hits.count
            provider = { i in hits[safe: i].map { cells($0.row) } ?? [placeholder] }
        } else {
            let page = state.customers.page
            count = page.total
            provider = { i in page.row(i).map(cells) ?? [placeholder] }
        }
        let empty = state.customers.hits != nil
            ? l.t("customers.noResults", ["query": state.customers.query]) : l.t("customers.typeToSearch")
        var table = Table(columns: columns(state, width: width), rowCount: count, emptyMessage: empty, provider: provider)
        if state.customers.hits == nil {
            let sortColumn: Int?
            switch state.customers.sort.key {
            case .name: sortColumn = 0
            case .spend: sortColumn = width >= 80 ? table.columns.firstIndex { $0.title == l.t("column.spent") } : nil
            case .balance: sortColumn = table.columns.firstIndex { $0.title == l.t("column.balance") }
            case .lastOrder: sortColumn = width >= 90 ? table.columns.firstIndex { $0.title == l.t("column.lastOrder") } : nil
            }
            table.sort = sortColumn.map { ($0, !state.customers.sort.descending) }
        }
        table.setSelection(state.customers.selection)
        return table
    }
}
