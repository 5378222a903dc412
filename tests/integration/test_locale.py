"""Every way QGIS names Simplified Chinese loads WPZF's translation and Qt's own (the standard buttons)."""
from pathlib import Path

import pytest

from wpzf.i18n import locale_candidates

ROOT = Path(__file__).resolve().parents[2]
ZH_VARIANTS = ("zh", "zh_CN", "zh-Hans", "zh_Hans_CN", "zh-Hans-CN", "zh_CN.UTF-8")


@pytest.mark.parametrize("locale", ZH_VARIANTS)
def test_simplified_chinese_variants_look_for_zh_cn_first(locale):
    assert locale_candidates(locale)[0] == "zh_CN"


def test_other_locales():
    assert locale_candidates("zh-Hant") == ["zh_TW", "zh", "zh_CN"]      # Qt has zh_TW; WPZF falls back to zh_CN
    assert locale_candidates("pt-BR") == ["pt_BR", "pt"]
    assert locale_candidates("de") == ["de"]
    assert locale_candidates("") == []


def qt_has_chinese() -> bool:
    from wpzf.plugin import qt_translations_dir

    return (Path(qt_translations_dir()) / "qtbase_zh_CN.qm").is_file()


@pytest.fixture
def translators(qgis_app):
    from qgis.PyQt.QtCore import QCoreApplication

    installed = []
    yield installed
    for t in installed:
        if t is not None:
            QCoreApplication.removeTranslator(t)


def prompt_buttons(monkeypatch) -> list[str]:
    """The button texts of the unsaved-findings prompt, as the user would see them."""
    from qgis.PyQt.QtWidgets import QMessageBox

    from wpzf.ui import facts_form

    seen = []

    def capture(box):
        seen.extend(box.button(b).text().replace("&", "") for b in (
            QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Cancel))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", capture)
    assert facts_form.confirm_discard(None) == facts_form.CANCEL
    return seen


@pytest.mark.parametrize("locale", ZH_VARIANTS)
def test_every_chinese_locale_translates_wpzf_and_the_standard_buttons(locale, translators, monkeypatch):
    from wpzf.i18n import tr
    from wpzf.plugin import install_qt_translator, install_translator

    if not (ROOT / "i18n" / "wpzf_zh_CN.qm").exists():
        pytest.skip("the .qm is built by `make qm` (lrelease)")
    translators.append(install_translator(locale))
    assert translators[-1] is not None
    assert tr("Satellite Enforcement") == "卫片执法"
    if not qt_has_chinese():
        pytest.skip("Qt's translations are not installed (Debian: qttranslations5-l10n)")
    translators.append(install_qt_translator(locale))
    assert translators[-1] is not None
    assert prompt_buttons(monkeypatch) == ["保存", "丢弃", "取消"]


def test_without_qt_translations_the_buttons_stay_english_and_the_log_says_why(translators, monkeypatch, tmp_path):
    from qgis.core import QgsApplication

    import wpzf.plugin as plugin

    logged = []
    monkeypatch.setattr(plugin, "qt_translations_dir", lambda: str(tmp_path))
    monkeypatch.setattr(QgsApplication, "i18nPath", staticmethod(lambda: str(tmp_path)))
    monkeypatch.setattr(plugin.QgsMessageLog, "logMessage", lambda text, tag, *a: logged.append((tag, text)))
    translators.append(plugin.install_qt_translator("zh-Hans"))
    assert translators[-1] is None
    assert logged and logged[0][0] == "WPZF" and "qttranslations5-l10n" in logged[0][1]
    assert prompt_buttons(monkeypatch) == ["Save", "Discard", "Cancel"]


def test_the_plugin_in_a_zh_hans_qgis_speaks_chinese_and_unloads_cleanly(qgis_iface, monkeypatch):
    from qgis.core import QgsSettings

    from wpzf import classFactory
    from wpzf.i18n import tr

    if not (ROOT / "i18n" / "wpzf_zh_CN.qm").exists() or not qt_has_chinese():
        pytest.skip("translations not built or Qt's translations not installed")
    s = QgsSettings()
    old = (s.value("locale/overrideFlag"), s.value("locale/userLocale"))
    s.setValue("locale/overrideFlag", True)
    s.setValue("locale/userLocale", "zh-Hans")
    try:
        p = classFactory(qgis_iface)
        try:
            assert p.translator is not None and p.qt_translator is not None
            assert tr("Satellite Enforcement") == "卫片执法"
            assert prompt_buttons(monkeypatch)[0] == "保存"
        finally:
            p.unload()
        assert tr("Satellite Enforcement") == "Satellite Enforcement"
        assert prompt_buttons(monkeypatch)[0] == "Save"
    finally:
        for key, value in zip(("locale/overrideFlag", "locale/userLocale"), old):
            if value is None:
                s.remove(key)
            else:
                s.setValue(key, value)
