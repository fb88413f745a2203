import LoyaltyCore
import LoyaltyStore
import TerminalUI

/// Keys in the program screens' overlays (editors, the reason for a settings version, the what-if preview), and
/// the words of their confirmations and toasts.
enum ProgramOverlays {
    static func handleEditor(_ state: inout AppState, _ editor: EditorState, _ key: Key) -> Reduction {
        var editor = editor
        switch editor.form.handle(key, direction: state.direction) {
        case .ignored:
            return .unchanged
        case .moved:
            state.overlay = .editor(editor)
        case .edited:
            refresh(&editor, state.localizer)
            state.overlay = .editor(editor)
        case .cancel:
            state.overlay = nil
            state.suspendedEditor = nil
        case .submit:
            return submit(&state, editor)
        }
        return Reduction()
    }

    /// Fields that depend on a choice (the reward's kind, the campaign's kind, the expiry policy) follow it.
    static func refresh(_ editor: inout EditorState, _ l: Localizer) {
        switch editor.purpose {
        case .earning: EarningForm.refresh(&editor.form, l)
        case .newReward, .editReward: RewardForm.refresh(&editor.form)
        case .newCampaign, .editCampaign: CampaignForm.refresh(&editor.form)
        case .referralSettings, .newTier, .editTier: break
        }
    }

    static func submit(_ state: inout AppState, _ editor: EditorState) -> Reduction {
        switch editor.purpose {
        case .earning: return PointsActions.submitEarning(&state, editor)
        case .referralSettings: return ReferralsActions.submit(&state, editor)
        case .newReward: return PointsActions.submitReward(&state, editor, id: nil)
        case .editReward(let reward): return PointsActions.submitReward(&state, editor, id: reward.id)
        case .newTier: return TiersActions.submit(&state, editor, existing: nil)
        case .editTier(let tier): return TiersActions.submit(&state, editor, existing: tier)
        case .newCampaign: return CampaignsActions.submit(&state, editor, existing: nil)
        case .editCampaign(let campaign): return CampaignsActions.submit(&state, editor, existing: campaign)
        }
    }

    /// The reason a settings version is saved with, then the confirmation.
    static func handleReason(_ state: inout AppState, _ form: FormView, _ write: ProgramWrite, _ key: Key) -> Reduction {
        var form = form
        switch form.handle(key, direction: state.direction) {
        case .submitted(let values):
            guard case .text(let text)? = values.first, case .saveSettings(let settings, let part, _) = write else {
                return .unchanged
            }
            let reason = text.trimmingCharacters(in: .whitespaces)
            return ProgramActions.confirm(&state, .saveSettings(settings, part: part, reason: reason), from: state.suspendedEditor)
        case .cancelled:
            state.overlay = ProgramActions.resumeEditor(&state)
        case .handled, .invalid, .ignored:
            state.overlay = .reason(form, write)
        }
        return Reduction()
    }

    // MARK: words

    static func confirmDialog(_ write: ProgramWrite, _ state: AppState) -> (title: String, message: String) {
        let l = state.localizer
        switch write {
        case .saveSettings(_, let part, let reason):
            let version = (part == .earning ? state.points.load.data?.settings.version
                           : state.referrals.load.data?.settings.version).map { $0 + 1 }
            return (l.t(part == .earning ? "points.dialog.saveTitle" : "referrals.dialog.saveTitle"),
                    l.t("settings.confirm", ["version": version.map { l.format.integer($0) } ?? "?", "reason": reason]))
        case .addReward(let reward):
            return (l.t("rewards.editor.newTitle"), l.t("rewards.confirm.add", ["name": reward.name,
                                                                              "points": l.format.integer(reward.pointsCost)]))
        case .updateReward(_, let reward):
            return (l.t("rewards.editor.editTitle"), l.t("program.confirm.save", ["name": reward.name]))
        case .deleteReward(_, let name):
            return (l.t("rewards.dialog.deleteTitle"), l.t("rewards.confirm.delete", ["name": name]))
        case .createTier(let tier), .updateTier(_, let tier):
            return (l.t("tiers.editor.editTitle", ["key": tier.key]), l.t("program.confirm.save", ["name": tier.key]))
        case .deleteTier(let key):
            return (l.t("tiers.whatIf.delete", ["key": key]), l.t("program.confirm.save", ["name": key]))
        case .createCampaign(let campaign):
            return (l.t("campaigns.editor.newTitle"),
                    l.t("campaigns.confirm.create", ["name": CampaignsActions.displayName(campaign, l)]))
        case .updateCampaign(_, let campaign):
            return (l.t("campaigns.editor.editTitle"),
                    l.t("program.confirm.save", ["name": CampaignsActions.displayName(campaign, l)]))
        case .changeCampaign(_, let name, let action):
            return (l.t("campaigns.dialog.\(action.rawValue)Title"), l.t("campaigns.confirm.\(action.rawValue)", ["name": name]))
        case .deleteCampaign(_, let name):
            return (l.t("campaigns.dialog.deleteTitle"), l.t("campaigns.confirm.delete", ["name": name]))
        }
    }

    static func toastText(_ outcome: ProgramOutcome, _ l: Localizer) -> String {
        switch outcome {
        case .settingsSaved(let version): return l.t("toast.settingsSaved", ["version": l.format.integer(version)])
        case .rewardSaved(let name): return l.t("toast.rewardSaved", ["name": name])
        case .rewardDeleted(let name): return l.t("toast.rewardDeleted", ["name": name])
        case .tierSaved(let key): return l.t("toast.tierSaved", ["key": key])
        case .tierDeleted(let key): return l.t("toast.tierDeleted", ["key": key])
        case .campaignSaved(let name): return l.t("toast.campaignSaved", ["name": name.text(for: l.code)])
        case .campaignChanged(let name, let status):
            return l.t("toast.campaignChanged", ["name": name, "status": l.t("campaigns.status.\(status.rawValue)")])
        case .campaignDeleted(let name): return l.t("toast.campaignDeleted", ["name": name])
        }
    }
}
