<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
 <context>
  <name>wpzf</name>
  <message>
   <location filename="exchange/field_reports.py" line="140" />
   <source>  - {key} {label}: office {office} ({office_by}, {office_at}) / field {field} ({field_by}, {field_at})</source>
   <translation>  - {key} {label}：内业 {office}（{office_by}，{office_at}）/ 外业 {field}（{field_by}，{field_at}）</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="147" />
   <source>  - {key}: split into {n} parts</source>
   <translation>  - {key}：分割为{n}块</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="112" />
   <source> (now: {value})</source>
   <translation>（现为：{value}）</translation>
  </message>
  <message>
   <location filename="ui/people_dialog.py" line="62" />
   <source> (this computer)</source>
   <translation>（本机）</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="313" />
   <source> — EPSG:{epsg} is not a CGCS2000 system; reprojected to EPSG:4490</source>
   <translation> — EPSG:{epsg} 不是 CGCS2000 坐标系，已转换到 EPSG:4490</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="151" />
   <source>'Pre-fill only the layer registered here' needs a layer to register.</source>
   <translation>“只预填此处登记的图层”需要给出要登记的图层。</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="37" />
   <source>'{item}' is not attribute=field; {kind} has: {names}</source>
   <translation>“{item}”不是“属性=字段”的形式；{kind}的属性有：{names}</translation>
  </message>
  <message>
   <location filename="exchange/mapping.py" line="114" />
   <source>'{name}' cannot be a profile name (letters, digits, - and _ only)</source>
   <translation>“{name}”不能作为方案名称（只能用字母、数字、- 和 _）</translation>
  </message>
  <message>
   <location filename="exchange/mapping.py" line="117" />
   <source>'{name}' is a built-in profile; save under another name</source>
   <translation>“{name}”是内置方案，请另存为其他名称</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="125" />
   <location filename="exchange/importer.py" line="130" />
   <location filename="processing/base.py" line="148" />
   <source>'{value}' is not a date (expected e.g. 2021-05-06)</source>
   <translation>“{value}”不是日期（应为 2021-05-06 这样的格式）</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="158" />
   <source>'{value}' is not a number</source>
   <translation>“{value}”不是数字</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="205" />
   <source>(as entered)</source>
   <translation>（与已填写一致）</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="165" />
   <source>(county estimate {estimate}, 95 % interval {interval})</source>
   <translation>（全县估计 {estimate}，95%置信区间 {interval}）</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="173" />
   <source>(empty)</source>
   <translation>（空）</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="94" />
   <source>(now version {version})</source>
   <translation>（当前版本 {version}）</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="192" />
   <source>({n} patches still pending)</source>
   <translation>（另有{n}个图斑待定）</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="444" />
   <source>, {n} confirmed</source>
   <translation>，已确认{n}项</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="440" />
   <source>, {n} differ from what is entered</source>
   <translation>，{n}项与已填不同</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="442" />
   <location filename="ui/suggestions_panel.py" line="448" />
   <source>, {n} note(s)</source>
   <translation>，提示{n}条</translation>
  </message>
  <message>
   <location filename="exchange/crs.py" line="80" />
   <source>3° zone without number; centre longitude {lon:.3f} in the attributes gives 中央经线 {cm}°E</source>
   <translation>3度带坐标不带带号；属性中的中心点经度 {lon:.3f} 确定中央经线为 {cm}°E</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="123" />
   <source>; city review by {date}</source>
   <translation>；市级审核截止 {date}</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="125" />
   <source>; claim by {date}</source>
   <translation>；认领截止 {date}</translation>
  </message>
  <message>
   <location filename="exchange/crs.py" line="144" />
   <source>; they would fit {system}</source>
   <translation>；这些坐标符合 {system}</translation>
  </message>
  <message>
   <location filename="ui/dock_exports.py" line="154" />
   <source>; {n} of {pages} pages have no imagery (无影像)</source>
   <translation>；{pages}页中有{n}页无影像</translation>
  </message>
  <message>
   <location filename="ui/guard.py" line="31" />
   <source>A file could not be read or written{where}: {reason}</source>
   <translation>文件无法读取或写入{where}：{reason}</translation>
  </message>
  <message>
   <location filename="store/people.py" line="81" />
   <source>A name needs the login it belongs to</source>
   <translation>姓名须对应一个登录名</translation>
  </message>
  <message>
   <location filename="store/reference_accept.py" line="187" />
   <source>A note of the reference data states no fact and cannot be overridden.</source>
   <translation>参考数据的提示不涉及具体事实，无需改填。</translation>
  </message>
  <message>
   <location filename="reports/export.py" line="119" />
   <source>A part of the county: its ledgers, registers and record forms; the county reports ({names}) are written for the whole county only.</source>
   <translation>县域的一部分：只输出其台账、登记表和核查记录表；全县报表（{names}）只在选择全县时输出。</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="30" />
   <source>A patch without recorded findings stays 待定 (pending).</source>
   <translation>未录入核查结果的图斑判定结果为“待定”。</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="161" />
   <location filename="ui/suggestions_panel.py" line="510" />
   <source>A reason is required to fill in another value than the suggested one.</source>
   <translation>改填与建议不同的值，必须说明理由。</translation>
  </message>
  <message>
   <location filename="store/reference.py" line="101" />
   <source>A reference layer needs a data source to be registered.</source>
   <translation>登记参考图层须指定数据源。</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="127" />
   <source>A sample named {name} exists already; a drawn sample is never drawn again.</source>
   <translation>名为{name}的抽样已存在；已抽取的样本不会重新抽取。</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="518" />
   <source>A second map beside the main one showing 'before', in step with it</source>
   <translation>在主地图旁显示前时相影像的第二地图，与主地图同步</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="154" />
   <location filename="ui/case_registers.py" line="372" />
   <source>A 不真实 verdict needs a note.</source>
   <translation>复核结论为不真实时须填写说明。</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="214" />
   <location filename="ui/suggestions_panel.py" line="489" />
   <source>Accept</source>
   <translation>采纳</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="278" />
   <source>Accept all</source>
   <translation>全部采纳</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="83" />
   <source>Accept every suggestion (采纳全部建议)</source>
   <translation>采纳全部建议</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="182" />
   <source>Accountability cannot be computed: {error}</source>
   <translation>无法计算问责指标：{error}</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="50" />
   <source>Accountability figures (附件5)</source>
   <translation>问责测算（附件5）</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="75" />
   <source>Accountability table</source>
   <translation>问责测算表</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="91" />
   <location filename="ui/imagery_series.py" line="240" />
   <source>Add</source>
   <translation>添加</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="496" />
   <source>Add a folder of photos</source>
   <translation>添加照片文件夹</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="148" />
   <source>Add a layer from a file (Shapefile, GeoPackage, an earlier year's workspace …)</source>
   <translation>从文件添加图层（Shapefile、GeoPackage、以前年度的工作空间等）</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="195" />
   <source>Add folder…</source>
   <translation>添加文件夹…</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="123" />
   <source>Add measure</source>
   <translation>添加整改措施</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="217" />
   <source>Add measure…</source>
   <translation>添加整改措施…</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="486" />
   <source>Add photos</source>
   <translation>添加照片</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="193" />
   <source>Add photos…</source>
   <translation>添加照片…</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="126" />
   <location filename="ui/reference_dialog.py" line="259" />
   <location filename="ui/reference_dialog.py" line="269" />
   <source>Add reference layer</source>
   <translation>添加参考数据图层</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="329" />
   <source>Add row</source>
   <translation>添加行</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="80" />
   <source>Add violator</source>
   <translation>添加违法主体</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="449" />
   <source>Added by {user}</source>
   <translation>添加人：{user}</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="518" />
   <source>Adding {n} photos…</source>
   <translation>正在添加 {n} 张照片…</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="336" />
   <source>Add…</source>
   <translation>添加…</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="507" />
   <source>After</source>
   <translation>后时相</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="47" />
   <source>After imagery</source>
   <translation>后时相影像</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="440" />
   <source>All batches</source>
   <translation>全部批次</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="444" />
   <source>All determinations</source>
   <translation>全部判定类型</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="42" />
   <location filename="ui/photo_panel.py" line="487" />
   <source>All files</source>
   <translation>所有文件</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="311" />
   <source>All levels</source>
   <translation>全部级别</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="445" />
   <source>All responsible leaders (包保)</source>
   <translation>全部包保领导</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="312" />
   <source>All statuses</source>
   <translation>全部状态</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="441" />
   <source>All townships</source>
   <translation>全部乡镇</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="442" />
   <source>All villages</source>
   <translation>全部村</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="47" />
   <source>Also the record forms (核查记录表)</source>
   <translation>同时导出核查记录表</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="386" />
   <source>Annex 5:</source>
   <translation>附件5：</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="60" />
   <source>Annual report for {year} due</source>
   <translation>{year}年度年度报告报送</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="47" />
   <source>Another protection layer</source>
   <translation>其他保护图层</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="323" />
   <source>Any case status</source>
   <translation>全部案件状态</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="316" />
   <source>Any deadline</source>
   <translation>全部期限</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="42" />
   <source>Any sign-off state</source>
   <translation>全部审核状态</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="29" />
   <source>Applies the year's determination rules to every row of a layer or table whose fields are the facts of the facts contract (e.g. XZJSYD, BHLX, SJYT, YDPF …; see rules/README.md) and writes the same rows with 判定结果 (PDJG), flags, the clause cited, a Chinese explanation and the facts still missing. Missing fact fields count as unknown.</source>
   <translation>按当年判定规则逐行判定图层或表格中的图斑：字段为核查事实（如 XZJSYD、BHLX、SJYT、YDPF 等，见 rules/README.md），输出同样的记录并加上判定结果（PDJG）、标注、依据条款、中文判定说明和仍缺少的事实。缺少的事实字段视为未知。</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="79" />
   <source>Apply decisions</source>
   <translation>应用处理结果</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="125" />
   <source>Apply mine on top</source>
   <translation>在其上应用我的</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="55" />
   <source>Approval and registration</source>
   <translation>批准与登记</translation>
  </message>
  <message>
   <location filename="ui/case_widgets.py" line="115" />
   <source>Approved by</source>
   <translation>批准人</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="77" />
   <source>Area</source>
   <translation>面积</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="201" />
   <location filename="ui/measure_dialog.py" line="145" />
   <location filename="ui/queue.py" line="36" />
   <source>Area (mu)</source>
   <translation>面积（亩）</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="59" />
   <source>As the kind says</source>
   <translation>按该类数据的默认设置</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="39" />
   <source>Assign townships and villages</source>
   <translation>分配乡镇和村</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="131" />
   <source>Assign townships and villages…</source>
   <translation>分配乡镇村…</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="196" />
   <source>Attach every photo in a folder and its subfolders to this patch</source>
   <translation>将文件夹及其子文件夹中的所有照片添加到此图斑</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="194" />
   <source>Attach photo files to this patch (copied into the workspace)</source>
   <translation>为此图斑添加照片文件（复制到工作空间）</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="82" />
   <location filename="ui/postgis_dialog.py" line="133" />
   <source>Attachment folder</source>
   <translation>附件文件夹</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="35" />
   <source>Attachment folder of a PostGIS copy</source>
   <translation>PostGIS 副本的附件文件夹</translation>
  </message>
  <message>
   <location filename="processing/record_talk.py" line="37" />
   <source>Attendees</source>
   <translation>参加人员</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="148" />
   <location filename="ui/dock_county.py" line="154" />
   <location filename="ui/dock_county.py" line="162" />
   <source>Audit log</source>
   <translation>审计日志</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="54" />
   <source>Automatic: one per patch up to {n} forms, else one per batch and township</source>
   <translation>自动：不超过 {n} 份时每个图斑一个文件，否则按批次和乡镇分文件</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="45" />
   <source>Basic farmland layer (永久基本农田)</source>
   <translation>永久基本农田图层</translation>
  </message>
  <message>
   <location filename="ui/county_profile_dialog.py" line="70" />
   <source>Basis</source>
   <translation>依据</translation>
  </message>
  <message>
   <location filename="ui/county_profile_dialog.py" line="63" />
   <source>Basis (required), e.g. the list or document that says so</source>
   <translation>依据（必填），如认定该情况的名单或文件</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="63" />
   <location filename="ui/queue.py" line="35" />
   <location filename="ui/signoff.py" line="208" />
   <source>Batch</source>
   <translation>批次</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="63" />
   <source>Batch code</source>
   <translation>批次编号</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="42" />
   <source>Batch code (all batches if empty)</source>
   <translation>批次编号（为空则全部批次）</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="95" />
   <source>Batch code (default: file name)</source>
   <translation>批次编号（默认：文件名）</translation>
  </message>
  <message>
   <location filename="processing/export_return.py" line="31" />
   <source>Batch code (批次编号)</source>
   <translation>批次编号</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="46" />
   <source>Batch file</source>
   <translation>批次文件</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="82" />
   <source>Batch file (shp, zip, gpkg, gdb)</source>
   <translation>批次文件（shp、zip、gpkg、gdb）</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="42" />
   <source>Batch files</source>
   <translation>批次文件</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="103" />
   <source>Batch id</source>
   <translation>批次号</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="89" />
   <source>Batch level</source>
   <translation>批次级别</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="506" />
   <source>Before</source>
   <translation>前时相</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="46" />
   <location filename="ui/compare.py" line="308" />
   <source>Before imagery</source>
   <translation>前时相影像</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="86" />
   <source>Body</source>
   <translation>机构</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="76" />
   <source>Browse…</source>
   <translation>浏览…</translation>
  </message>
  <message>
   <location filename="ui/scope_dialog.py" line="74" />
   <source>By default a record form is written only for a patch whose verification findings are recorded</source>
   <translation>默认只为已录入核查结果的图斑输出核查记录表</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="80" />
   <source>By township</source>
   <translation>按乡镇</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="101" />
   <source>CRS (empty: from the file or inferred)</source>
   <translation>坐标系（留空：取文件自带或自动推断）</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="88" />
   <source>CRS: {crs}</source>
   <translation>坐标系：{crs}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="267" />
   <location filename="ui/dock_exports.py" line="127" />
   <location filename="ui/photo_panel.py" line="518" />
   <source>Cancel</source>
   <translation>取消</translation>
  </message>
  <message>
   <location filename="ui/dock_exports.py" line="148" />
   <location filename="ui/dock_exports.py" line="59" />
   <source>Cancelled after {n} files.</source>
   <translation>已取消，已写出{n}个文件。</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="82" />
   <source>Cancelled: {n} files written</source>
   <translation>已取消：已写出 {n} 个文件</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="162" />
   <location filename="ui/reference_dialog.py" line="496" />
   <source>Cancelled; layers already done are kept.</source>
   <translation>已取消；已完成的图层结果保留。</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="87" />
   <source>Cancelled; the workspace is unchanged</source>
   <translation>已取消；工作空间未改动</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="125" />
   <source>Cannot list the workspaces of {name}: {error}</source>
   <translation>无法列出 {name} 中的工作空间：{error}</translation>
  </message>
  <message>
   <location filename="reports/atlas_layers.py" line="119" />
   <source>Cannot open the layer {path}</source>
   <translation>无法打开图层 {path}</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="160" />
   <source>Cannot open the patches of {path}</source>
   <translation>无法打开 {path} 中的图斑</translation>
  </message>
  <message>
   <location filename="reports/atlas_layers.py" line="98" />
   <source>Cannot open the raster {path}</source>
   <translation>无法打开栅格 {path}</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="268" />
   <source>Cannot read the template {path}: {error}</source>
   <translation>无法读取模板 {path}：{error}</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="139" />
   <location filename="ui/dock.py" line="255" />
   <source>Case</source>
   <translation>案件</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="463" />
   <source>Case filed.</source>
   <translation>已立案。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="152" />
   <source>Case number</source>
   <translation>立案编号</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="375" />
   <source>Case {no}, filed {date}; illegal area {mu:.2f} mu, of which cultivated {gd:.2f} mu</source>
   <translation>立案编号{no}，立案日期{date}；违法面积{mu:.2f}亩，其中耕地{gd:.2f}亩</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="51" />
   <source>Categories (线索类别)</source>
   <translation>线索类别</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="54" />
   <source>Change and use</source>
   <translation>变化与用途</translation>
  </message>
  <message>
   <location filename="ui/imagery_series.py" line="420" />
   <location filename="ui/imagery_series.py" line="62" />
   <source>Change first seen here</source>
   <translation>变化首次出现于此期</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="126" />
   <source>Change reference layer</source>
   <translation>修改参考数据图层</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="172" />
   <source>Change status</source>
   <translation>变更状态</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="338" />
   <source>Change…</source>
   <translation>修改…</translation>
  </message>
  <message>
   <location filename="ui/charts.py" line="83" />
   <source>Charts need matplotlib, which is not installed (Debian/Ubuntu: apt install python3-matplotlib; elsewhere: pip install matplotlib in QGIS's Python).</source>
   <translation>图表需要 matplotlib，当前未安装（Debian/Ubuntu：apt install python3-matplotlib；其他系统：在 QGIS 的 Python 中 pip install matplotlib）。</translation>
  </message>
  <message>
   <location filename="ui/imagery_series.py" line="422" />
   <source>Choose a patch in the queue first.</source>
   <translation>请先在图斑列表中选择图斑。</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="368" />
   <source>Choose a verdict.</source>
   <translation>请选择复核结论。</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="437" />
   <location filename="ui/roster_dialog.py" line="473" />
   <source>Choose a zone in the table first.</source>
   <translation>请先在表格中选择一个片区。</translation>
  </message>
  <message>
   <location filename="ui/dock_workflow.py" line="132" />
   <source>Choose imagery…</source>
   <translation>选择影像…</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="143" />
   <source>Choose the batch file.</source>
   <translation>请选择批次文件。</translation>
  </message>
  <message>
   <location filename="ui/dock_workflow.py" line="131" />
   <source>Choose the imagery in the Imagery tab first, or print the maps without it.</source>
   <translation>请先在“影像对比”页选择影像，或不带影像输出核查图。</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="291" />
   <source>Choose the kind and the layer.</source>
   <translation>请选择数据类型和图层。</translation>
  </message>
  <message>
   <location filename="ui/split_panel.py" line="89" />
   <source>Choose the land-survey layer and its class field</source>
   <translation>请选择国土调查图层及其地类字段</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="35" />
   <source>Choose which field of the file fills each workspace field.</source>
   <translation>为每个工作空间字段选择文件中对应的字段。</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="56" />
   <source>City review deadline — {batch}</source>
   <translation>{batch} 市级审核截止</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="289" />
   <source>Clear the filters</source>
   <translation>清除筛选</translation>
  </message>
  <message>
   <location filename="ui/split_panel.py" line="30" />
   <source>Click across the patch; right click or Enter finishes, Esc cancels</source>
   <translation>在图斑上点击画线穿过图斑；右键或回车结束，Esc 取消</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="80" />
   <location filename="ui/roster_dialog.py" line="316" />
   <source>Close</source>
   <translation>关闭</translation>
  </message>
  <message>
   <location filename="ui/dock_layout.py" line="321" />
   <source>Close the panel</source>
   <translation>关闭面板</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="54" />
   <source>Closed on (YYYY-MM-DD)</source>
   <translation>办结日期（YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="57" />
   <source>Clue id</source>
   <translation>线索编号</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="41" />
   <source>Clue id to move on (0: save a new clue)</source>
   <translation>要推进的线索编号（0：新保存一条线索）</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="90" />
   <source>Code source</source>
   <translation>代码来源</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="92" />
   <source>Commander</source>
   <translation>指挥长</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="164" />
   <source>Complete data</source>
   <translation>完整数据</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="201" />
   <location filename="ui/measure_dialog.py" line="142" />
   <source>Completed</source>
   <translation>完成</translation>
  </message>
  <message>
   <location filename="ui/fact_editors.py" line="308" />
   <source>Computed: {formula}</source>
   <translation>计算：{formula}</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="25" />
   <source>Computes for every patch, and every part of a split patch, its ellipsoidal overlap with each land class (DLBM) of a 三调-style land-survey layer — 田坎 deducted by KCXS — summed into 农用地/建设用地/未利用地 and 耕地, and its overlap with basic farmland and another protection layer. The breakdown and the summary areas (GDMJ, YJJBNTMJ, NYDMJ, JSYDMJ, WLYDMJ) are stored in the workspace in one audited transaction. Only the parcels near the patches are read, through the layer's spatial index.</source>
   <translation>计算每个图斑（及分割后的每个地块）与三调地类图斑层各地类（DLBM）的椭球重叠面积（按 KCXS 扣除田坎），汇总为农用地/建设用地/未利用地及耕地，并计算与永久基本农田及其他保护图层的重叠面积。分地类明细和汇总面积（GDMJ、YJJBNTMJ、NYDMJ、JSYDMJ、WLYDMJ）在一个事务中写入工作空间并记入审计日志。只通过图层的空间索引读取图斑附近的地类图斑。</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="52" />
   <source>Computes the accountability figures of 附件5 from a workspace, or from a table of determined patches (the output of Determine patches) or of accountability rows: illegally occupied cultivated land, the denominator, every adjustment line, the ratio against 15 % and the area thresholds (county 100, city 500, province 5000 亩), with a note when a figure sits on a threshold, and the 增违挂钩 amount. One row per region.</source>
   <translation>根据工作空间，或已判定图斑表（“图斑判定”的输出）、问责测算行表，计算附件5问责指标：违法占用耕地面积、分母、逐项扣除、与15%比较的比例及面积标准（县100亩、市500亩、省5000亩），数值处于临界时给出说明，并计算增违挂钩面积。每个地区一行。</translation>
  </message>
  <message>
   <location filename="ui/case_widgets.py" line="74" />
   <source>Confiscate the buildings and facilities</source>
   <translation>没收地上建筑物和其他设施</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="32" />
   <source>Conflicts to decide</source>
   <translation>待处理冲突</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="102" />
   <source>Contact e-mail</source>
   <translation>联络邮箱</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="84" />
   <source>Coordinate system</source>
   <translation>坐标系</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="23" />
   <source>Copies a workspace into a new one — a GeoPackage into a PostGIS schema (pg:connection=…;schema=…, pg:service=…;schema=…, postgresql://…?schema=…) or back into a new GeoPackage — with every table, id, version, geometry and the audit chain verbatim, then verifies the copy: rows per table, value and geometry digests, the audit chain and its head. Photo files are copied into the attachment folder (for PostGIS: the folder you name, else they stay where they are).</source>
   <translation>将工作空间复制为一个新的工作空间——GeoPackage 复制到 PostGIS 模式（pg:connection=…;schema=…、pg:service=…;schema=…、postgresql://…?schema=…），或复制回新的 GeoPackage——逐字复制每张表、标识号、版本、几何和审计链，然后校验副本：各表行数、属性值与几何摘要、审计链及其链头。照片文件复制到附件文件夹（PostGIS：您指定的文件夹，未指定则保留原处）。</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="38" />
   <source>Copy verified</source>
   <translation>副本已校验</translation>
  </message>
  <message>
   <location filename="ui/fact_editors.py" line="239" />
   <source>Correct</source>
   <translation>修正</translation>
  </message>
  <message>
   <location filename="processing/determine_workspace.py" line="31" />
   <source>Counts by category</source>
   <translation>各判定类型数量</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="99" />
   <source>County</source>
   <translation>县</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="99" />
   <source>County code</source>
   <translation>县代码</translation>
  </message>
  <message>
   <location filename="ui/county_profile_dialog.py" line="42" />
   <location filename="ui/county_profile_dialog.py" line="143" />
   <location filename="ui/county_profile_dialog.py" line="150" />
   <source>County profile (县情设置)</source>
   <translation>县情设置</translation>
  </message>
  <message>
   <location filename="plugin.py" line="104" />
   <location filename="ui/dock.py" line="142" />
   <source>County profile (县情设置)…</source>
   <translation>县情设置…</translation>
  </message>
  <message>
   <location filename="ui/charts.py" line="91" />
   <source>County's illegal use of cultivated land month by month (附件5, patches issued so far)</source>
   <translation>全县违法占用耕地面积比例逐月变化（附件5，按下发月份累计）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="75" />
   <source>County-seat zone</source>
   <translation>城区片区</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="98" />
   <source>County-seat zones</source>
   <translation>城区片区</translation>
  </message>
  <message>
   <location filename="ui/county_profile_dialog.py" line="52" />
   <source>County-wide facts</source>
   <translation>全县一致的事实</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="382" />
   <source>Covered with valid evidence: {covered:.2f} of {illegal:.2f} mu</source>
   <translation>证据齐全的整改覆盖{covered:.2f}亩，违法面积{illegal:.2f}亩</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="87" />
   <source>Create the workspace if it does not exist</source>
   <translation>工作空间不存在时新建</translation>
  </message>
  <message>
   <location filename="ui/case_widgets.py" line="102" />
   <source>Current deadline: {date}</source>
   <translation>当前截止日期：{date}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="258" />
   <source>Dashboard</source>
   <translation>概况</translation>
  </message>
  <message>
   <location filename="ui/fact_editors.py" line="271" />
   <source>Data: {value}</source>
   <translation>数据：{value}</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="176" />
   <location filename="ui/dashboard.py" line="110" />
   <location filename="ui/imagery_series.py" line="229" />
   <source>Date</source>
   <translation>日期</translation>
  </message>
  <message>
   <location filename="processing/record_talk.py" line="36" />
   <source>Date of the talk (YYYY-MM-DD)</source>
   <translation>约谈日期（YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="ui/imagery_series.py" line="174" />
   <location filename="ui/imagery_series.py" line="221" />
   <location filename="ui/imagery_series.py" line="350" />
   <source>Dated imagery</source>
   <translation>多时相影像</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="110" />
   <source>Days left</source>
   <translation>剩余天数</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="110" />
   <location filename="ui/patch_card.py" line="65" />
   <location filename="ui/queue.py" line="37" />
   <source>Deadline</source>
   <translation>截止日期</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="102" />
   <source>Deadline and delays</source>
   <translation>核查期限与延期</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="330" />
   <source>Deadline moved to {date}.</source>
   <translation>核查截止已延至{date}。</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="48" />
   <source>Deadline to close (YYYY-MM-DD)</source>
   <translation>办结期限（YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="89" />
   <source>Deadlines</source>
   <translation>截止日期</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="65" />
   <source>Decision</source>
   <translation>处理</translation>
  </message>
  <message>
   <location filename="ui/case_widgets.py" line="80" />
   <source>Decision date</source>
   <translation>处罚决定日期</translation>
  </message>
  <message>
   <location filename="ui/case_widgets.py" line="79" />
   <source>Decision no.</source>
   <translation>处罚决定书文号</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="93" />
   <source>Deputy</source>
   <translation>副指挥长</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="93" />
   <source>Deputy's note</source>
   <translation>副指挥长备注</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="93" />
   <source>Deputy's title</source>
   <translation>副指挥长职务</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="31" />
   <source>Detect automatically</source>
   <translation>自动检测</translation>
  </message>
  <message>
   <location filename="processing/base.py" line="15" />
   <location filename="ui/queue.py" line="37" />
   <source>Determination</source>
   <translation>判定类型</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="355" />
   <source>Determination: {result}</source>
   <translation>判定结果：{result}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="122" />
   <location filename="ui/dock_county.py" line="30" />
   <location filename="ui/dock_county.py" line="51" />
   <source>Determine</source>
   <translation>判定</translation>
  </message>
  <message>
   <location filename="ui/county_profile_dialog.py" line="88" />
   <source>Determine every patch again after saving</source>
   <translation>保存后重新判定全部图斑</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="27" />
   <source>Determine patches (附件4)</source>
   <translation>图斑判定（附件4）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="123" />
   <source>Determine the listed patches from their recorded facts (附件4)</source>
   <translation>根据已录入的核查事实判定列表中的图斑（附件4）</translation>
  </message>
  <message>
   <location filename="processing/determine_workspace.py" line="18" />
   <source>Determine the workspace's patches</source>
   <translation>判定工作空间中的图斑</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="43" />
   <source>Determined patches</source>
   <translation>已判定图斑</translation>
  </message>
  <message>
   <location filename="processing/determine_workspace.py" line="20" />
   <source>Determines every patch of a workspace (or of one batch) from its recorded facts under the batch's rule-set year, stores category, flags, clause, explanation and missing facts, and records every change in the audit log.</source>
   <translation>按批次的规则年度，根据已录入的核查事实判定工作空间（或某一批次）中的每个图斑，保存判定结果、标注、依据条款、说明和缺少的事实，每项改动都记入审计日志。</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="436" />
   <source>Device: {device}</source>
   <translation>设备：{device}</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="429" />
   <source>Direction: {direction}</source>
   <translation>拍摄方向：{direction}</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="202" />
   <location filename="ui/measure_dialog.py" line="143" />
   <source>Document date</source>
   <translation>文件日期</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="202" />
   <location filename="ui/measure_dialog.py" line="142" />
   <source>Document no.</source>
   <translation>文号</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="76" />
   <source>Does the layer hold every such record of the county?</source>
   <translation>该图层是否包含全县所有此类记录？</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="99" />
   <location filename="ui/dock_county.py" line="103" />
   <location filename="ui/dock_county.py" line="108" />
   <source>Draw a review sample</source>
   <translation>抽取复核样本</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="139" />
   <source>Draw a review sample…</source>
   <translation>抽取复核样本…</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="440" />
   <source>Drone photo</source>
   <translation>无人机照片</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="439" />
   <source>Drone photo, {height:.0f} m above the take-off point</source>
   <translation>无人机照片，距起飞点高 {height:.0f} 米</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="317" />
   <source>Due within 3 days</source>
   <translation>3天内到期</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="317" />
   <source>Due within 7 days</source>
   <translation>7天内到期</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="72" />
   <source>E</source>
   <translation>东</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="123" />
   <source>Edit measure</source>
   <translation>编辑整改措施</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="218" />
   <location filename="ui/import_dialog.py" line="71" />
   <source>Edit…</source>
   <translation>编辑…</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="484" />
   <source>Enter the date of the change.</source>
   <translation>请填写状态变更日期。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="455" />
   <source>Enter the filing date.</source>
   <translation>请填写立案日期。</translation>
  </message>
  <message>
   <location filename="ui/case_widgets.py" line="138" />
   <source>Enter the new deadline and the request date.</source>
   <translation>请填写新截止日期和申请日期。</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="258" />
   <location filename="ui/case_widgets.py" line="136" />
   <source>Enter the reason for the delay.</source>
   <translation>请填写延期理由。</translation>
  </message>
  <message>
   <location filename="processing/record_escalation.py" line="55" />
   <source>Escalation id</source>
   <translation>上报登记编号</translation>
  </message>
  <message>
   <location filename="processing/record_escalation.py" line="39" />
   <source>Escalation id to record the result of (0: record a new escalation)</source>
   <translation>要填写处理结果的上报登记编号（0：新登记一次上报）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="371" />
   <source>Every listed patch is reviewed.</source>
   <translation>列表中的图斑均已核查。</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="196" />
   <source>Every suggested referral is registered.</source>
   <translation>建议的移交均已登记。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="203" />
   <source>Evidence</source>
   <translation>证据</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="428" />
   <location filename="ui/measure_dialog.py" line="254" />
   <source>Evidence complete: the measure counts.</source>
   <translation>证据齐全：该措施计入整改。</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="250" />
   <source>Evidence incomplete:</source>
   <translation>证据不齐全：</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="560" />
   <location filename="ui/roster_dialog.py" line="568" />
   <source>Excel workbooks</source>
   <translation>Excel 工作簿</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="150" />
   <source>Existing workspace {schema} (schema version {version}).</source>
   <translation>已有工作空间 {schema}（结构版本 {version}）。</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="23" />
   <location filename="ui/dock_field.py" line="25" />
   <location filename="ui/dock_field.py" line="28" />
   <source>Export field package</source>
   <translation>导出外业数据包</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="135" />
   <source>Export field package…</source>
   <translation>导出外业数据包…</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="26" />
   <location filename="ui/dock_exports.py" line="99" />
   <location filename="ui/dock_exports.py" line="108" />
   <source>Export patch maps</source>
   <translation>导出图斑核查图</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="133" />
   <source>Export patch maps (atlas)…</source>
   <translation>导出图斑核查图（图集）…</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="25" />
   <location filename="ui/dock_exports.py" line="27" />
   <location filename="ui/dock_exports.py" line="35" />
   <source>Export reports</source>
   <translation>导出报表</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="132" />
   <source>Export reports…</source>
   <translation>导出报表…</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="568" />
   <source>Export roster</source>
   <translation>导出名册</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="208" />
   <location filename="ui/signoff.py" line="211" />
   <location filename="ui/signoff.py" line="223" />
   <source>Export the return</source>
   <translation>导出上报成果</translation>
  </message>
  <message>
   <location filename="processing/export_return.py" line="20" />
   <source>Export the return (上报成果)</source>
   <translation>导出上报成果</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="104" />
   <source>Export the return (上报成果)…</source>
   <translation>导出上报成果…</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="312" />
   <source>Export xlsx…</source>
   <translation>导出 xlsx…</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="554" />
   <source>Exported to {path}</source>
   <translation>已导出到 {path}</translation>
  </message>
  <message>
   <location filename="ui/tasks.py" line="72" />
   <source>Exporting reports to {folder}</source>
   <translation>正在导出报表到 {folder}</translation>
  </message>
  <message>
   <location filename="ui/dock_exports.py" line="46" />
   <source>Exporting reports: %p%</source>
   <translation>正在导出报表：%p%</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="92" />
   <source>Extent</source>
   <translation>片区范围</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="57" />
   <source>Facility agriculture</source>
   <translation>设施农业</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="65" />
   <source>Fact</source>
   <translation>核查事实</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="55" />
   <source>Fact fields found: {fields}</source>
   <translation>找到的事实字段：{fields}</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="294" />
   <source>Facts taken from reference data: who accepted or overrode them, when, and from which feature</source>
   <translation>取自参考数据的事实：由谁、何时采纳或改填，来源哪个要素</translation>
  </message>
  <message>
   <location filename="ui/county_profile_dialog.py" line="45" />
   <source>Facts that are the same for the whole county are set once here, with their basis. Every patch whose own value is unknown takes them; a value entered for a patch wins.</source>
   <translation>全县一致的事实在此设置一次，并写明依据。图斑本身未填写的，采用此处的值；图斑已填写的，以图斑的值为准。</translation>
  </message>
  <message>
   <location filename="processing/record_escalation.py" line="48" />
   <source>Failed on (YYYY-MM-DD)</source>
   <translation>制止无效日期（YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="67" />
   <source>Features</source>
   <translation>要素数</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="215" />
   <source>Feedback</source>
   <translation>反馈结果</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="54" />
   <source>Feedback (处理结果)</source>
   <translation>处理结果</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="216" />
   <source>Feedback date</source>
   <translation>反馈日期</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="55" />
   <source>Feedback date (YYYY-MM-DD)</source>
   <translation>反馈日期（YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="99" />
   <source>Field</source>
   <translation>字段</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="58" />
   <location filename="ui/conflict_resolver.py" line="188" />
   <source>Field conflicts</source>
   <translation>外业冲突</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="137" />
   <source>Field conflicts…</source>
   <translation>外业冲突…</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="75" />
   <source>Field mapping</source>
   <translation>字段映射</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="97" />
   <source>Field mapping profile (name or .json file)</source>
   <translation>字段映射方案（名称或 .json 文件）</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="30" />
   <source>Field mapping: {name}</source>
   <translation>字段映射：{name}</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="30" />
   <source>Field package folder</source>
   <translation>外业数据包文件夹</translation>
  </message>
  <message>
   <location filename="ui/photo_viewer.py" line="20" />
   <source>Field photo</source>
   <translation>现场照片</translation>
  </message>
  <message>
   <location filename="ui/photo_viewer.py" line="57" />
   <source>Field photo {n} of {total} — {name}</source>
   <translation>现场照片 第 {n} 张，共 {total} 张 — {name}</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="67" />
   <source>Field value</source>
   <translation>外业值</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="67" />
   <source>Field: who, when</source>
   <translation>外业：核查人、时间</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="159" />
   <source>Fields</source>
   <translation>字段</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="150" />
   <source>File case</source>
   <translation>立案</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="55" />
   <location filename="processing/export_reports.py" line="67" />
   <source>Files written</source>
   <translation>写出的文件数</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="147" />
   <source>File…</source>
   <translation>文件…</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="153" />
   <source>Filing date</source>
   <translation>立案日期</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="131" />
   <location filename="ui/suggestions_panel.py" line="509" />
   <location filename="ui/suggestions_panel.py" line="517" />
   <source>Fill in another value</source>
   <translation>改填</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="219" />
   <source>Fill in another value, with the reason</source>
   <translation>改填其他值，并说明理由</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="389" />
   <source>Filters</source>
   <translation>筛选</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="389" />
   <source>Filters ({n})</source>
   <translation>筛选（{n}）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="238" />
   <source>Findings</source>
   <translation>核查事实</translation>
  </message>
  <message>
   <location filename="ui/case_widgets.py" line="77" />
   <source>Fine (yuan)</source>
   <translation>罚款（元）</translation>
  </message>
  <message>
   <location filename="ui/county_profile_dialog.py" line="77" />
   <source>Fixed dates of the rule set (change them in the rule-set file)</source>
   <translation>判定规则中的固定日期（在规则文件中修改）</translation>
  </message>
  <message>
   <location filename="ui/dock_layout.py" line="319" />
   <source>Float as a window of its own, or dock again</source>
   <translation>浮动为独立窗口，或重新停靠</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="65" />
   <source>From the data (may be corrected)</source>
   <translation>数据派生（可修正）</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="82" />
   <source>From the file (.prj) or inferred</source>
   <translation>取自文件（.prj）或自动推断</translation>
  </message>
  <message>
   <location filename="exchange/crs.py" line="108" />
   <source>Gauss–Krüger metres with zone number {zone}</source>
   <translation>带带号（{zone}）的高斯–克吕格米制坐标</translation>
  </message>
  <message>
   <location filename="exchange/crs.py" line="111" />
   <source>Gauss–Krüger metres without zone number</source>
   <translation>不带带号的高斯–克吕格米制坐标</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="95" />
   <source>Geometry</source>
   <translation>几何</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="74" />
   <source>Give a progress note, or the date the supervision was closed and what was done</source>
   <translation>请填写进展情况，或办结日期及办结情况</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="86" />
   <source>Give a workspace or an input table</source>
   <translation>请指定工作空间或输入表</translation>
  </message>
  <message>
   <location filename="processing/record_escalation.py" line="70" />
   <source>Give the date of the result</source>
   <translation>请填写处理结果日期</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="95" />
   <source>Give the date the clue was sent, or its feedback</source>
   <translation>请填写移交日期，或处理结果</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="78" />
   <source>Give the date the supervision was closed</source>
   <translation>请填写办结日期</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="88" />
   <source>Give the 监测编号 of the patch to supervise</source>
   <translation>请填写要督办图斑的监测编号</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="41" />
   <source>Gives every patch its township and village (codes and names): from its own administrative codes when the batch has them, otherwise the boundary polygon covering most of the patch. The village then names the county leader who guarantees it (附件2). Audited.</source>
   <translation>为每个图斑确定所属乡镇和村（代码和名称）：批次自带行政区代码时按代码，否则按覆盖图斑面积最大的界线多边形；村确定后即可查到包保的县领导（附件2）。所有改动记入审计日志。</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="58" />
   <source>Half-year report for {year} due</source>
   <translation>{year}年度半年报告报送</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="87" />
   <source>ID card or unified social credit code</source>
   <translation>身份证号码或统一社会信用代码</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="95" />
   <location filename="ui/case_registers.py" line="73" />
   <source>ID number</source>
   <translation>证件号码</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="85" />
   <source>Id of the layer registered</source>
   <translation>登记的图层标识</translation>
  </message>
  <message>
   <location filename="ui/charts.py" line="90" />
   <source>Illegal use of cultivated land by township (after the 附件5 deductions)</source>
   <translation>分乡镇违法占用耕地面积（附件5扣除后）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="245" />
   <location filename="ui/dock_workflow.py" line="112" />
   <location filename="ui/imagery_series.py" line="289" />
   <source>Imagery</source>
   <translation>影像对比</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="41" />
   <source>Imagery margin around the patches (m)</source>
   <translation>影像外扩范围（米）</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="195" />
   <location filename="reports/atlas.py" line="197" />
   <source>Imagery not available</source>
   <translation>无影像</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="39" />
   <source>Imagery to take along (optional)</source>
   <translation>随包影像（可选）</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="92" />
   <source>Import</source>
   <translation>导入</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="230" />
   <location filename="ui/signoff.py" line="235" />
   <location filename="ui/signoff.py" line="243" />
   <source>Import a review from above</source>
   <translation>导入上级审核结果</translation>
  </message>
  <message>
   <location filename="processing/import_review.py" line="20" />
   <source>Import a review from above (市级/省级审核)</source>
   <translation>导入上级审核结果（市级/省级审核）</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="105" />
   <source>Import a review from above…</source>
   <translation>导入上级审核结果…</translation>
  </message>
  <message>
   <location filename="ui/dock_import.py" line="24" />
   <location filename="ui/dock_import.py" line="66" />
   <source>Import batch</source>
   <translation>导入批次</translation>
  </message>
  <message>
   <location filename="plugin.py" line="98" />
   <location filename="ui/dock.py" line="115" />
   <source>Import batch…</source>
   <translation>导入批次…</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="140" />
   <source>Import failed, workspace unchanged:</source>
   <translation>导入失败，工作空间未作任何改动：</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="18" />
   <location filename="ui/dock_field.py" line="52" />
   <location filename="ui/dock_field.py" line="46" />
   <source>Import field package</source>
   <translation>导入外业数据包</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="136" />
   <source>Import field package…</source>
   <translation>导入外业数据包…</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="69" />
   <location filename="ui/import_dialog.py" line="37" />
   <source>Import patch batch</source>
   <translation>导入图斑批次</translation>
  </message>
  <message>
   <location filename="ui/dock_import.py" line="81" />
   <source>Import report</source>
   <translation>导入报告</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="105" />
   <source>Import report file</source>
   <translation>导入报告文件</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="559" />
   <source>Import roster</source>
   <translation>导入名册</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="310" />
   <source>Import xlsx…</source>
   <translation>导入 xlsx…</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="539" />
   <source>Imported {file}; check the tables and Save to store the roster.</source>
   <translation>已导入 {file}；请核对表格后点击保存写入名册。</translation>
  </message>
  <message>
   <location filename="ui/dock_import.py" line="84" />
   <source>Imported {n} patches into batch {code}.</source>
   <translation>已导入 {n} 个图斑到批次 {code}。</translation>
  </message>
  <message>
   <location filename="ui/tasks.py" line="46" />
   <source>Importing {name}</source>
   <translation>正在导入 {name}</translation>
  </message>
  <message>
   <location filename="ui/dock_import.py" line="38" />
   <source>Importing {name}: %p%</source>
   <translation>正在导入 {name}：%p%</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="71" />
   <source>Imports one Ministry (部级) or province (省级) batch of change patches — shapefile (also zipped), GeoPackage or FileGDB — into a WPZF workspace as one transaction: on any error nothing is written and the report names file, row and field. The text encoding is detected (GBK/UTF-8) unless a .cpg or the ENCODING parameter says it; the CRS comes from the .prj, the CRS parameter, or is inferred from coordinates when unambiguous. Areas are ellipsoidal (CGCS2000).</source>
   <translation>将一个部级或省级变化图斑批次（shapefile 含 zip 压缩包、GeoPackage 或 FileGDB）作为一个事务导入 WPZF 工作空间：出现任何错误都不写入任何内容，报告会指明文件、行号和字段。除非 .cpg 或“字符编码”参数已指定，文本编码（GBK/UTF-8）会自动检测；坐标系取自 .prj、“坐标系”参数，或在无歧义时根据坐标推断。面积为 CGCS2000 椭球面积。</translation>
  </message>
  <message>
   <location filename="plugin_missing.py" line="18" />
   <source>Install them, then restart QGIS.</source>
   <translation>请安装后重启 QGIS。</translation>
  </message>
  <message>
   <location filename="plugin_missing.py" line="15" />
   <source>Install with:</source>
   <translation>安装命令：</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="110" />
   <location filename="ui/import_dialog.py" line="53" />
   <source>Issue date</source>
   <translation>下发日期</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="91" />
   <source>Issue date (YYYY-MM-DD)</source>
   <translation>下发日期（YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="34" />
   <source>Items rejected</source>
   <translation>拒绝项数</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="74" />
   <source>Its fields: attribute=field pairs separated by ';' (empty: guessed)</source>
   <translation>字段对应：“属性=字段”，以“;”分隔（为空则自动识别）</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="49" />
   <source>Its summary field (e.g. STBHHXMJ)</source>
   <translation>其汇总字段（如 STBHHXMJ）</translation>
  </message>
  <message>
   <location filename="ui/ruleset_notice.py" line="54" />
   <source>Judge batch {batch} by these rules</source>
   <translation>按所选年度的规则判定批次 {batch}</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="77" />
   <source>Keep all office values</source>
   <translation>全部保留内业值</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="124" />
   <source>Keep theirs</source>
   <translation>保留对方的</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="118" />
   <source>Keep theirs: your changes are dropped and the record is reloaded. Apply mine: your changes are saved on top of their version; the fields you did not change keep their values.</source>
   <translation>保留对方的：放弃您的修改并重新加载记录。应用我的：在对方版本的基础上保存您的修改；您未修改的字段保留对方的值。</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="94" />
   <location filename="ui/case_registers.py" line="73" />
   <location filename="ui/reference_dialog.py" line="67" />
   <source>Kind</source>
   <translation>类型</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="68" />
   <source>Kind of the layer to register</source>
   <translation>要登记图层的数据类型</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="79" />
   <source>Land classes (mu)</source>
   <translation>地类面积（亩）</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="48" />
   <source>Land survey (DLTB)</source>
   <translation>三调地类图斑（DLTB）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="83" />
   <source>Land survey (mu)</source>
   <translation>三调地类（亩）</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="199" />
   <source>Land survey not available</source>
   <translation>无三调数据</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="40" />
   <source>Land-class field</source>
   <translation>地类编码字段</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="39" />
   <source>Land-survey layer (DLTB)</source>
   <translation>三调地类图斑图层（DLTB）</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="23" />
   <source>Land-survey overlay (三调 areas)</source>
   <translation>三调叠加分析（分地类面积）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="119" />
   <source>Land-survey overlay: per-class areas of every patch (runs in the background)</source>
   <translation>三调叠加分析：计算每个图斑的分地类面积（后台运行）</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="67" />
   <source>Last pre-fill</source>
   <translation>上次预填</translation>
  </message>
  <message>
   <location filename="ui/imagery_series.py" line="229" />
   <location filename="ui/reference_dialog.py" line="67" />
   <location filename="ui/reference_dialog.py" line="151" />
   <source>Layer</source>
   <translation>图层</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="84" />
   <source>Layer (when the file has several)</source>
   <translation>图层（文件含多个图层时）</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="71" />
   <source>Layer to register (empty: use the registered layers)</source>
   <translation>要登记的图层（为空则使用已登记的图层）</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="96" />
   <location filename="ui/roster_dialog.py" line="100" />
   <source>Leading group</source>
   <translation>领导小组</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="212" />
   <source>Letter no.</source>
   <translation>移送函文号</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="53" />
   <source>Letter number (移交函文号)</source>
   <translation>移交函文号</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="49" />
   <location filename="ui/queue.py" line="35" />
   <source>Level</source>
   <translation>级别</translation>
  </message>
  <message>
   <location filename="ui/people_dialog.py" line="54" />
   <source>Login</source>
   <translation>登录名</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="442" />
   <source>Make a polygon layer active and select the polygon(s) of zone {zone} on it.</source>
   <translation>请激活一个面图层，并在其中选择片区 {zone} 的面。</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="61" />
   <source>Manual determination</source>
   <translation>人工认定</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="106" />
   <source>Mark changed returns (需重新上报)</source>
   <translation>标记需重新上报的图斑</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="37" />
   <source>Meaning</source>
   <translation>含义</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="201" />
   <location filename="ui/measure_dialog.py" line="144" />
   <source>Measure</source>
   <translation>措施</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="531" />
   <source>Measure saved.</source>
   <translation>整改措施已保存。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="530" />
   <source>Measure saved; its evidence is incomplete.</source>
   <translation>整改措施已保存，但证据不齐全。</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="36" />
   <source>Merge report file</source>
   <translation>合并报告文件</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="20" />
   <source>Merges a field package written by wpzf:export_field_package back into the workspace in one transaction: a fact changed only in the field is saved (audited with the package's name), one changed in the office and in the field to different values is kept as a conflict for a person to decide, splits drawn in the field become the patch's parts, and photos are attached to their patch by the photo table, a 监测编号 in the file name or their GPS position. The same package imported twice changes nothing; the report is saved next to the workspace.</source>
   <translation>在一个事务中将 wpzf:export_field_package 生成的外业数据包合并回工作空间：只在外业修改的事实直接写入（审计记录注明数据包名称），内业和外业修改为不同值的事实作为冲突留待人工决定，外业绘制的分割成为图斑的分割地块，照片按照片表、文件名中的监测编号或 GPS 位置关联到图斑。同一数据包导入两次不会有任何改变；报告保存在工作空间旁。</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="62" />
   <source>Minerals</source>
   <translation>矿产</translation>
  </message>
  <message>
   <location filename="ui/determination_view.py" line="146" />
   <source>Minerals: {finding}</source>
   <translation>矿产：{finding}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="126" />
   <source>More</source>
   <translation>更多</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="403" />
   <source>Move the case to {status}</source>
   <translation>将案件状态变更为{status}</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="21" />
   <source>Move workspace (GeoPackage ⇄ PostGIS)</source>
   <translation>迁移工作空间（GeoPackage ⇄ PostGIS）</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="72" />
   <source>N</source>
   <translation>北</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="72" />
   <source>NE</source>
   <translation>东北</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="85" />
   <source>NOT imported (workspace unchanged)</source>
   <translation>未导入（工作空间未改动）</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="73" />
   <source>NW</source>
   <translation>西北</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="93" />
   <location filename="ui/case_registers.py" line="73" />
   <location filename="ui/roster_dialog.py" line="86" />
   <source>Name</source>
   <translation>姓名</translation>
  </message>
  <message>
   <location filename="ui/people_dialog.py" line="54" />
   <source>Name (at most {n} characters)</source>
   <translation>姓名（不超过{n}个字）</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="99" />
   <source>Name of the sample</source>
   <translation>样本名称</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="60" />
   <source>National deep-poverty areas</source>
   <translation>深度贫困</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="236" />
   <source>Needs: start and completion dates, and a site photo taken on or after the start and on or after the issue date ({issued}).</source>
   <translation>需要：开始和完成日期，以及在开始日期和图斑下发日期（{issued}）当天或之后拍摄的现场照片。</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="239" />
   <source>Needs: the approval document number and approval date, not before the issue date ({issued}).</source>
   <translation>需要：审批文件文号和批准时间，批准时间不得早于图斑下发日期（{issued}）。</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="242" />
   <source>Needs: the confiscation decision's document number (its date is optional).</source>
   <translation>需要：没收决定书文号（日期可不填）。</translation>
  </message>
  <message>
   <location filename="ui/case_widgets.py" line="113" />
   <source>New deadline</source>
   <translation>新截止日期</translation>
  </message>
  <message>
   <location filename="ui/dock_workspace.py" line="46" />
   <location filename="ui/dock_workspace.py" line="54" />
   <source>New workspace</source>
   <translation>新建工作空间</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="33" />
   <source>New workspace (GeoPackage path or PostgreSQL location)</source>
   <translation>新工作空间（GeoPackage 路径或 PostgreSQL 位置）</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="147" />
   <source>New workspace: schema {schema} will be created in {name}.</source>
   <translation>新工作空间：将在 {name} 中创建模式 {schema}。</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="107" />
   <source>New…</source>
   <translation>新建…</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="205" />
   <source>Next after saving</source>
   <translation>保存后自动下一个</translation>
  </message>
  <message>
   <location filename="ui/charts.py" line="93" />
   <location filename="ui/dashboard.py" line="109" />
   <source>Next deadlines</source>
   <translation>近期截止事项</translation>
  </message>
  <message>
   <location filename="ui/imagery_series.py" line="253" />
   <source>Next imagery date</source>
   <translation>下一期影像</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="183" />
   <source>Next patch</source>
   <translation>下一个图斑</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="184" />
   <source>Next unreviewed patch</source>
   <translation>下一个未核查图斑</translation>
  </message>
  <message>
   <location filename="ui/fact_editors.py" line="77" />
   <source>No</source>
   <translation>否</translation>
  </message>
  <message>
   <location filename="ui/dock_workflow.py" line="129" />
   <source>No before/after imagery is set for this workspace: every page would say 无影像 (no imagery).</source>
   <translation>本工作空间尚未设置前后时相影像：每一页都将显示“无影像”。</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="323" />
   <source>No case yet</source>
   <translation>尚未立案</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="363" />
   <source>No case yet: file one (立案) for this illegal unit.</source>
   <translation>尚未立案：该违法图斑（地块）需立案。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="520" />
   <source>No case.</source>
   <translation>无案件。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="364" />
   <source>No case: the unit is not determined illegal.</source>
   <translation>无案件：该图斑（地块）未判定为违法。</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="311" />
   <source>No delay.</source>
   <translation>无延期。</translation>
  </message>
  <message>
   <location filename="ui/determination_view.py" line="104" />
   <source>No determination</source>
   <translation>尚无判定</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="151" />
   <source>No determinations yet</source>
   <translation>尚无判定结果</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="88" />
   <source>No determined patches to compute from</source>
   <translation>没有可用于测算的已判定图斑</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="163" />
   <source>No listed patch is awaiting sign-off.</source>
   <translation>列表中没有待审核的图斑。</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="128" />
   <source>No open conflicts.</source>
   <translation>没有待处理的冲突。</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="25" />
   <source>No patch has the 监测编号 '{key}'</source>
   <translation>没有监测编号为“{key}”的图斑</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="79" />
   <source>No patch of the workspace is in township {name}</source>
   <translation>工作空间中没有属于乡镇 {name} 的图斑</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="97" />
   <location filename="ui/photo_panel.py" line="191" />
   <location filename="ui/photo_panel.py" line="274" />
   <source>No patch selected</source>
   <translation>未选择图斑</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="69" />
   <source>No patch selected.</source>
   <translation>未选择图斑。</translation>
  </message>
  <message>
   <location filename="ui/dock_exports.py" line="33" />
   <location filename="ui/dock_exports.py" line="105" />
   <source>No patches are in that scope.</source>
   <translation>该范围内没有图斑。</translation>
  </message>
  <message>
   <location filename="ui/dock_field.py" line="23" />
   <source>No patches are listed.</source>
   <translation>列表中没有图斑。</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="84" />
   <source>No patches to map</source>
   <translation>没有可制图的图斑</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="504" />
   <source>No photos found in {folder}</source>
   <translation>在 {folder} 中没有找到照片</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="157" />
   <source>No reference layer is registered in this workspace: give a layer and its kind.</source>
   <translation>本工作空间尚未登记参考数据图层：请给出图层及其数据类型。</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="195" />
   <source>No referral suggested for this patch.</source>
   <translation>该图斑无移交建议。</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="58" />
   <source>No rule set applies to a batch issued in {issued} (rule sets: {years}); give RULE_YEAR</source>
   <translation>没有适用于 {issued} 年下发批次的判定规则（现有规则：{years}）；请指定 RULE_YEAR</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="73" />
   <source>No single suggested clue for '{subject}'; suggested now: {names}</source>
   <translation>“{subject}”没有唯一对应的建议线索；当前建议：{names}</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="217" />
   <source>No time: this photo cannot be cited as evidence.</source>
   <translation>无拍摄时间：该照片不能作为证据。</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="141" />
   <location filename="ui/dock.py" line="100" />
   <source>No workspace open</source>
   <translation>未打开工作空间</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="202" />
   <source>No. of photos</source>
   <translation>照片数</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="60" />
   <source>No: the layer may lack records</source>
   <translation>否：图层可能缺少记录</translation>
  </message>
  <message>
   <location filename="ui/imagery_series.py" line="350" />
   <source>Not a date: {text} (YYYY-MM-DD)</source>
   <translation>不是日期：{text}（格式 YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="443" />
   <source>Not determined</source>
   <translation>未判定</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="142" />
   <source>Not done:</source>
   <translation>未处理：</translation>
  </message>
  <message>
   <location filename="store/supervision.py" line="33" />
   <source>Not recorded: {reasons}</source>
   <translation>未记录：{reasons}</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="322" />
   <source>Not sampled</source>
   <translation>未抽样</translation>
  </message>
  <message>
   <location filename="ui/determination_view.py" line="141" />
   <source>Not understood (read as unknown): {facts}</source>
   <translation>无法识别（按未知处理）：{facts}</translation>
  </message>
  <message>
   <location filename="processing/record_escalation.py" line="51" />
   <location filename="ui/case_registers.py" line="134" />
   <location filename="ui/case_tab.py" line="176" />
   <source>Note</source>
   <translation>备注</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="188" />
   <source>Nothing was applied: {error}</source>
   <translation>未应用任何处理：{error}</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="529" />
   <source>Nothing was attached: {error}</source>
   <translation>未添加任何照片：{error}</translation>
  </message>
  <message>
   <location filename="ui/dock_import.py" line="88" />
   <source>Nothing was imported: {n} problem(s). The workspace is unchanged.</source>
   <translation>未导入任何内容：发现 {n} 个问题。工作空间未改动。</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="51" />
   <source>Notice number (督办通知文号)</source>
   <translation>督办通知文号</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="252" />
   <source>OGR cannot read it: {error}</source>
   <translation>OGR 无法读取：{error}</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="52" />
   <source>Of them not wholly covered by the survey</source>
   <translation>其中未被三调完全覆盖的</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="100" />
   <source>Office</source>
   <translation>办公室</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="101" />
   <source>Office seat</source>
   <translation>办公室设在</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="101" />
   <source>Office short name</source>
   <translation>办公室简称</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="66" />
   <source>Office value</source>
   <translation>内业值</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="67" />
   <source>Office: who, when</source>
   <translation>内业：修改人、时间</translation>
  </message>
  <message>
   <location filename="ui/people_dialog.py" line="46" />
   <source>On a team database only the workspace's owner sets the names; they are shown here read only.</source>
   <translation>团队数据库中只有工作空间所有者可以设置姓名，此处仅供查看。</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="49" />
   <source>One PDF for all patches</source>
   <translation>所有图斑输出为一个PDF</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="57" />
   <source>One PDF per batch and township (at most {n} forms each, a bookmark per 监测编号)</source>
   <translation>按批次和乡镇各一个 PDF（每个最多 {n} 份，每个监测编号一个书签）</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="56" />
   <source>One PDF per patch (named by its 监测编号)</source>
   <translation>每个图斑一个 PDF（以监测编号命名）</translation>
  </message>
  <message>
   <location filename="ui/dock_exports.py" line="107" />
   <source>One PDF per patch, named by 监测编号</source>
   <translation>每个图斑一个 PDF，以监测编号命名</translation>
  </message>
  <message>
   <location filename="ui/dock_exports.py" line="107" />
   <source>One PDF, a page per patch</source>
   <translation>一个 PDF，每个图斑一页</translation>
  </message>
  <message>
   <location filename="ui/imagery_series.py" line="184" />
   <source>One at a time</source>
   <translation>逐期显示</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="270" />
   <source>One row per village. 包片包保组 (the township's leaders, 、 between names) and the code source are given once, on the township's first row.</source>
   <translation>每村一行。包片包保组（乡镇的包保领导，姓名之间用“、”分隔）和代码来源每个乡镇只在其第一行填写一次。</translation>
  </message>
  <message>
   <location filename="ui/scope_dialog.py" line="43" />
   <source>One township</source>
   <translation>一个乡镇</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="61" />
   <source>Only one township (its ledgers, registers and record forms; empty: the whole county)</source>
   <translation>仅一个乡镇（其台账、登记表和核查记录表；为空则全县）</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="60" />
   <source>Only patches without a township</source>
   <translation>仅处理尚无乡镇的图斑</translation>
  </message>
  <message>
   <location filename="processing/determine_workspace.py" line="28" />
   <source>Only this batch (code)</source>
   <translation>仅此批次（编号）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="110" />
   <source>Open a team workspace on PostGIS (a QGIS PostgreSQL connection)</source>
   <translation>打开 PostGIS 上的团队工作空间（使用 QGIS 的 PostgreSQL 连接）</translation>
  </message>
  <message>
   <location filename="ui/county_profile_dialog.py" line="150" />
   <location filename="ui/dock_county.py" line="129" />
   <location filename="ui/dock_import.py" line="24" />
   <source>Open or create a workspace first.</source>
   <translation>请先打开或新建工作空间。</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="110" />
   <source>Open patches</source>
   <translation>未完成图斑</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="48" />
   <source>Open patches due soon</source>
   <translation>即将到期的未完成图斑</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="47" />
   <source>Open patches overdue</source>
   <translation>已逾期的未完成图斑</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="54" />
   <source>Open team workspace (PostGIS)</source>
   <translation>打开团队工作空间（PostGIS）</translation>
  </message>
  <message>
   <location filename="ui/dock_workspace.py" line="31" />
   <location filename="ui/dock_workspace.py" line="62" />
   <source>Open workspace</source>
   <translation>打开工作空间</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="103" />
   <source>Open…</source>
   <translation>打开…</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="64" />
   <source>Or: determined patches / table</source>
   <translation>或：已判定图斑 / 表</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="62" />
   <source>Other department</source>
   <translation>其他部门</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="64" />
   <source>Other facts</source>
   <translation>其他事实</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="65" />
   <source>Other value</source>
   <translation>其它值</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="218" />
   <source>Other value…</source>
   <translation>改填…</translation>
  </message>
  <message>
   <location filename="processing/export_return.py" line="32" />
   <source>Output folder</source>
   <translation>输出文件夹</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="316" />
   <source>Overdue</source>
   <translation>已逾期</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="343" />
   <source>Overlay the selected layers (none selected: all) with every patch and part, and suggest facts from them</source>
   <translation>将所选图层（未选则全部）与每个图斑和分割地块叠加，据此给出建议事实</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="49" />
   <source>Overlays every patch and part of the workspace with the county's registered reference layers (建设用地审批, 临时用地批复, 设施农业用地备案, 采矿权/探矿权, 永久基本农田, 生态保护红线, earlier patches …) and stores the facts they suggest, each citing the feature it came from. Nothing suggested counts as confirmed until a person accepts it in the findings tab — unless 'Accept every suggestion' is ticked. Optionally registers a layer of a given kind first, with its field mapping as attribute=field pairs separated by ';' (empty: the fields are guessed from their names). The registration is remembered in the workspace.</source>
   <translation>将工作空间的每个图斑和分割地块与本县登记的参考数据图层（建设用地审批、临时用地批复、设施农业用地备案、采矿权/探矿权、永久基本农田、生态保护红线、以前年度图斑等）叠加，保存由此得出的建议事实，每条都注明来源要素。建议在有人于核查事实页采纳之前不算确认——勾选“采纳全部建议”时除外。可先登记一个指定类型的图层，字段对应写作“属性=字段”并以“;”分隔（为空则按字段名自动识别）。登记信息保存在工作空间中。</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="118" />
   <source>Overlay…</source>
   <translation>三调叠加…</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="430" />
   <location filename="reports/atlas.py" line="458" />
   <source>PDF export failed: {error}</source>
   <translation>PDF导出失败：{error}</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="54" />
   <source>PDF files (*.pdf)</source>
   <translation>PDF文件 (*.pdf)</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="68" />
   <source>Package</source>
   <translation>数据包</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="46" />
   <source>Package folder</source>
   <translation>数据包文件夹</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="48" />
   <source>Package id</source>
   <translation>数据包编号</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="56" />
   <source>Pages without imagery</source>
   <translation>无影像的页数</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="108" />
   <source>Part</source>
   <translation>分割地块</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="298" />
   <location filename="ui/findings_tab.py" line="111" />
   <source>Part {n} ({mu:.2f} mu)</source>
   <translation>分割地块 {n}（{mu:.2f} 亩）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="119" />
   <source>Parts: {parts}</source>
   <translation>分割地块：{parts}</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="190" />
   <location filename="ui/signoff.py" line="186" />
   <source>Pass</source>
   <translation>审核通过</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="94" />
   <source>Pass current patch</source>
   <translation>审核通过当前图斑</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="95" />
   <source>Pass listed patches</source>
   <translation>审核通过列表中的图斑</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="65" />
   <location filename="ui/dock.py" line="233" />
   <source>Patch</source>
   <translation>图斑</translation>
  </message>
  <message>
   <location filename="store/reference_split.py" line="63" />
   <source>Patch #{fid} does not exist.</source>
   <translation>图斑 #{fid} 不存在。</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="157" />
   <source>Patch #{tbid} is not in the sample {name}.</source>
   <translation>图斑 #{tbid} 不在抽样{name}中。</translation>
  </message>
  <message>
   <location filename="processing/record_escalation.py" line="41" />
   <location filename="processing/record_supervision.py" line="46" />
   <source>Patch (监测编号)</source>
   <translation>图斑（监测编号）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="62" />
   <location filename="ui/queue.py" line="35" />
   <source>Patch id</source>
   <translation>监测编号</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="54" />
   <source>Patch maps (PDF; one per patch: the folder of that name)</source>
   <translation>图斑核查图（PDF；每图斑一个时为同名文件夹）</translation>
  </message>
  <message>
   <location filename="plugin.py" line="94" />
   <source>Patch review panel</source>
   <translation>图斑核查面板</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="86" />
   <source>Patch type</source>
   <translation>图斑类型</translation>
  </message>
  <message>
   <location filename="store/reference_split.py" line="95" />
   <source>Patch {jcbh} cannot be split along the red line of {layer}: {reason}</source>
   <translation>图斑 {jcbh} 无法沿“{layer}”的批准红线分割：{reason}</translation>
  </message>
  <message>
   <location filename="store/reference_split.py" line="68" />
   <source>Patch {jcbh} is not covered in part by an approval's red line; there is nothing to split it along.</source>
   <translation>图斑 {jcbh} 没有被批准红线部分覆盖，无可沿之分割的红线。</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="266" />
   <source>Patch {key}: the new deadline {new} is before the request date.</source>
   <translation>图斑{key}：新截止日期{new}早于申请日期。</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="264" />
   <source>Patch {key}: the new deadline {new} is not after the current one ({old}).</source>
   <translation>图斑{key}：新截止日期{new}不晚于当前截止日期（{old}）。</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="51" />
   <source>Patches and parts measured</source>
   <translation>已计算的图斑和地块数</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="87" />
   <source>Patches and parts overlaid</source>
   <translation>叠加的图斑和分割地块数</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="62" />
   <source>Patches assigned</source>
   <translation>已分配图斑数</translation>
  </message>
  <message>
   <location filename="processing/determine_workspace.py" line="29" />
   <source>Patches determined</source>
   <translation>已判定图斑数</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="47" />
   <source>Patches exported</source>
   <translation>导出图斑数</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="104" />
   <source>Patches imported</source>
   <translation>导入图斑数</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="205" />
   <source>Patches of the earlier year's WPZF workspace {name}</source>
   <translation>以前年度 WPZF 工作空间 {name} 中的图斑</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="63" />
   <source>Patches outside every boundary</source>
   <translation>不在任何界线内的图斑数</translation>
  </message>
  <message>
   <location filename="processing/export_return.py" line="35" />
   <source>Patches returned</source>
   <translation>上报图斑数</translation>
  </message>
  <message>
   <location filename="processing/determine_workspace.py" line="30" />
   <source>Patches still pending (待定)</source>
   <translation>仍待定图斑数</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="46" />
   <source>Patches whose deadline changed</source>
   <translation>截止日期有变化的图斑</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="38" />
   <source>Patches with facts</source>
   <translation>含核查事实的图斑</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="185" />
   <source>Penalty</source>
   <translation>行政处罚</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="154" />
   <source>Penalty (optional)</source>
   <translation>行政处罚（可选）</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="475" />
   <source>Penalty saved.</source>
   <translation>处罚已保存。</translation>
  </message>
  <message>
   <location filename="ui/people_dialog.py" line="27" />
   <source>People's names (人员姓名)</source>
   <translation>人员姓名</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="143" />
   <source>People's names (人员姓名)…</source>
   <translation>人员姓名…</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="72" />
   <location filename="ui/roster_dialog.py" line="91" />
   <source>Person following up (专人盯办)</source>
   <translation>盯办专人</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="49" />
   <source>Person responsible (责任人)</source>
   <translation>责任人</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="242" />
   <location filename="ui/patch_card.py" line="100" />
   <location filename="ui/photo_panel.py" line="561" />
   <source>Photos</source>
   <translation>照片</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="33" />
   <source>Photos added</source>
   <translation>新增照片</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="143" />
   <source>Photos as evidence</source>
   <translation>作为证据的照片</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="287" />
   <source>Polygon</source>
   <translation>范围面</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="465" />
   <source>Polygon of zone {zone} taken from {n} feature(s) of {layer}; Save to store it.</source>
   <translation>已从 {layer} 的 {n} 个要素取得片区 {zone} 的范围面；点击保存后写入。</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="434" />
   <source>Position: none (no GPS)</source>
   <translation>位置：无（没有 GPS）</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="432" />
   <source>Position: {lon:.6f}°E, {lat:.6f}°N</source>
   <translation>位置：东经 {lon:.6f}°，北纬 {lat:.6f}°</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="67" />
   <source>PostgreSQL connection</source>
   <translation>PostgreSQL 连接</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="342" />
   <location filename="ui/reference_dialog.py" line="494" />
   <source>Pre-fill</source>
   <translation>预填</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="47" />
   <source>Pre-fill facts from reference layers</source>
   <translation>参考数据预填核查事实</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="78" />
   <source>Pre-fill only the layer registered here</source>
   <translation>只预填此处登记的图层</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="81" />
   <source>Pre-fill only this registered layer (its id; empty: every registered layer)</source>
   <translation>只预填该已登记图层（图层标识；为空则预填全部已登记图层）</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="96" />
   <source>Pre-filling facts from reference layers</source>
   <translation>正在根据参考数据预填核查事实</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="471" />
   <source>Pre-filling: %p%</source>
   <translation>预填中：%p%</translation>
  </message>
  <message>
   <location filename="ui/imagery_series.py" line="252" />
   <source>Previous imagery date</source>
   <translation>上一期影像</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="182" />
   <source>Previous patch</source>
   <translation>上一个图斑</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="51" />
   <source>Print layout template (.qpt)</source>
   <translation>打印布局模板（.qpt）</translation>
  </message>
  <message>
   <location filename="ui/dock_workflow.py" line="133" />
   <source>Print without imagery</source>
   <translation>不带影像输出</translation>
  </message>
  <message>
   <location filename="ui/dock_exports.py" line="127" />
   <source>Printing patch maps…</source>
   <translation>正在输出图斑核查图…</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="28" />
   <source>Prints the 卫片执法图斑核查图 of the workspace's patches (all, or those of one batch and/or one township) with QGIS's atlas: one A4 page per patch with the before and after imagery side by side, the patch outline and its parts, the photo points with their direction, the land-survey classes, two photos and the patch's attributes (area, determination and clauses, deadline, status, responsible leader). Imagery and land survey are optional. Writes one PDF, or one PDF per patch named by its 监测编号 into the folder named like the output without .pdf. A print layout template (.qpt) saved from QGIS's layout designer may replace the built-in one; it is filled through its item ids (map_before, map_after, map_landuse, photo_1, photo_2, attributes, legend, scalebar).</source>
   <translation>使用QGIS图集功能输出工作空间图斑（全部，或某一批次和/或某一乡镇）的卫片执法图斑核查图：每个图斑一页A4，前后时相影像并排，显示图斑边界及其分割地块、带拍摄方向的照片位置、三调地类、两张现场照片和图斑属性（面积、判定结果及依据条款、核查截止、状态、包保领导）。影像和三调数据可选。输出一个PDF，或每个图斑一个以监测编号命名的PDF，存入与输出同名（去掉.pdf）的文件夹。可用QGIS布局设计器保存的打印布局模板（.qpt）替换内置模板，按其中的项目ID（map_before、map_after、map_landuse、photo_1、photo_2、attributes、legend、scalebar）填充。</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="92" />
   <source>Profile name (letters, digits, - or _):</source>
   <translation>方案名称（字母、数字、- 或 _）：</translation>
  </message>
  <message>
   <location filename="ui/charts.py" line="89" />
   <location filename="ui/dashboard.py" line="100" />
   <source>Progress by township</source>
   <translation>各乡镇进度</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="53" />
   <source>Progress note (进展情况)</source>
   <translation>进展情况</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="52" />
   <source>Progress note date (YYYY-MM-DD, empty: today)</source>
   <translation>进展日期（YYYY-MM-DD，留空：今天）</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="33" />
   <source>Puts a patch (by its 监测编号) under 挂牌督办: the 督办单位, the 督办日期, the 办结期限, the 责任人 and, if any, the 督办要求 and the 督办通知文号. To follow a supervision up, give its id and either a dated progress note (进展情况) or the date it was closed (办结) and what was done. Every change is audited; the 挂牌督办台账 lists the supervisions and their status.</source>
   <translation>按监测编号对图斑挂牌督办：督办单位、督办日期、办结期限、责任人，以及督办要求和督办通知文号（如有）。跟进督办时，填写督办编号，并填写带日期的进展情况，或办结日期及办结情况。每次修改均记入审计日志；挂牌督办台账列出各项督办及其状态。</translation>
  </message>
  <message>
   <location filename="ui/layers.py" line="135" />
   <source>QGIS cannot open layer {name} of the workspace</source>
   <translation>QGIS 无法打开工作空间的图层 {name}</translation>
  </message>
  <message>
   <location filename="exchange/field_project.py" line="273" />
   <source>QGIS cannot open layer {name} of {file}</source>
   <translation>QGIS 无法打开 {file} 中的图层 {name}</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="110" />
   <source>QGIS has no PostgreSQL connection yet: add one in the Browser panel (PostgreSQL ▸ New Connection…), preferably with an authentication configuration.</source>
   <translation>QGIS 中尚无 PostgreSQL 连接：请在浏览器面板中添加（PostgreSQL ▸ 新建连接…），最好使用认证配置。</translation>
  </message>
  <message>
   <location filename="plugin.py" line="60" />
   <source>Qt's own translations for {locale} were not found in {folders}: standard buttons stay in English (on Debian: apt install qttranslations5-l10n)</source>
   <translation>在 {folders} 中找不到 {locale} 的 Qt 自带翻译，标准按钮将显示为英文（Debian：apt install qttranslations5-l10n）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="371" />
   <source>Queue</source>
   <translation>图斑列表</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="104" />
   <source>Random seed (publish it: anyone can re-draw the same sample)</source>
   <translation>随机种子（公开后任何人都可重新抽出同一样本）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="97" />
   <source>Re-issued</source>
   <translation>重复下发</translation>
  </message>
  <message>
   <location filename="processing/import_review.py" line="22" />
   <source>Reads the city's or province's review of the returned patches — an xlsx, a csv or a layer keyed by 监测编号 with 通过 / 退回, the comment (意见) and the deadline (期限) — and applies it in one transaction: returned patches reopen in their operator's queue with the comment and the new deadline, and their number of returns goes up. Rows that cannot be applied are listed.</source>
   <translation>读取市级或省级对上报图斑的审核结果（xlsx、csv 或图层，以监测编号为键，含通过/退回、意见和期限），在一个事务中导入：被退回的图斑回到作业员的待办列表，附审核意见和新的期限，退回次数加一。无法导入的行逐一列出。</translation>
  </message>
  <message>
   <location filename="ui/case_widgets.py" line="112" />
   <location filename="ui/suggestions_panel.py" line="150" />
   <source>Reason</source>
   <translation>理由</translation>
  </message>
  <message>
   <location filename="processing/record_talk.py" line="39" />
   <source>Reason (empty: the criteria the township meets)</source>
   <translation>约谈事由（留空：该乡镇达到的列入条件）</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="50" />
   <source>Reason (移交事由)</source>
   <translation>移交事由</translation>
  </message>
  <message>
   <location filename="ui/fact_editors.py" line="246" />
   <source>Reason for the correction (required)</source>
   <translation>修正理由（必填）</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="196" />
   <source>Reason for the return (shown to the operator)</source>
   <translation>退回原因（作业员可见）</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="214" />
   <source>Received</source>
   <translation>接收日期</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="48" />
   <source>Receiving body (接收机关)</source>
   <translation>接收机关</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="25" />
   <source>Recomputes every batch's deadlines and every patch's 核查截止 from the batch level and issue date: 部级 — verified and entered by the given day of the next month, city review by the next given day; 省级 — claimed within the given days and verified within the given days (calendar days). A patch with a granted delay keeps its delayed date. Reports how many open patches are overdue or due within the warning days.</source>
   <translation>按批次级别和下发日期重新计算各批次的截止日期和各图斑的核查截止：部级——次月指定日前核查并填报，市级审核于其后指定日前完成；省级——指定天数内认领、指定天数内核查（自然日）。已批准延期的图斑保留延期后的日期。同时统计已逾期和将在提醒天数内到期的未完成图斑。</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="26" />
   <source>Record a problem clue (问题线索移交)</source>
   <translation>记录问题线索移交</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="31" />
   <source>Record a supervised case (挂牌督办)</source>
   <translation>记录挂牌督办</translation>
  </message>
  <message>
   <location filename="processing/record_talk.py" line="22" />
   <source>Record a warning talk (警示约谈)</source>
   <translation>记录警示约谈</translation>
  </message>
  <message>
   <location filename="processing/record_escalation.py" line="25" />
   <source>Record an escalation (制止无效上报)</source>
   <translation>记录制止无效上报</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="53" />
   <source>Record form files</source>
   <translation>核查记录表文件</translation>
  </message>
  <message>
   <location filename="ui/scope_dialog.py" line="73" />
   <source>Record forms (核查记录表) also for patches without recorded findings</source>
   <translation>未录入核查结果的图斑也输出核查记录表</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="50" />
   <source>Record forms also for determined patches without recorded findings</source>
   <translation>未录入核查结果的已判定图斑也输出核查记录表</translation>
  </message>
  <message>
   <location filename="ui/imagery_series.py" line="63" />
   <source>Record this image's date as the patch's start date (始建日期) and keep a screenshot of the views</source>
   <translation>将此期影像日期记为图斑的始建日期，并保存各期视图截图</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="215" />
   <source>Record this value as the unit's fact</source>
   <translation>将此值记为该图斑（地块）的核查事实</translation>
  </message>
  <message>
   <location filename="processing/record_talk.py" line="24" />
   <source>Records a 警示约谈 held with a township: its date, who attended, the 整改要求 and their deadline (the reason defaults to the criteria the township meets today). To close a talk, give its id, the date the 整改 was completed and what was done. Every change is audited; the 工作简报 and the 警示约谈名单 show the talks and their status.</source>
   <translation>记录对乡（镇）开展的警示约谈：约谈日期、参加人员、整改要求及整改期限（约谈事由默认为该乡镇当日达到的列入条件）。约谈整改完成后，填写约谈编号、整改完成日期和完成情况即可办结。每次修改均记入审计日志；工作简报和警示约谈名单显示各次约谈及其状态。</translation>
  </message>
  <message>
   <location filename="processing/record_escalation.py" line="27" />
   <source>Records a 重大 or 跨区线性工程 case reported to the county government because stopping it failed (制止无效) or its investigation could not go on (查处工作无法进行): the patch (监测编号), why, the date it failed, the date it was reported and to whom. When the county government has decided, give the record's id, the result and its date. Every change is audited; the 制止无效上报登记 lists the records and how long each has been waiting.</source>
   <translation>登记因制止无效或查处工作无法进行而报告县政府的重大或跨区线性工程违法用地案件：图斑（监测编号）、上报原因、制止无效日期、上报日期和上报对象。县政府作出处理后，填写登记编号、处理结果及其日期。每次修改均记入审计日志；制止无效上报登记列出各条记录及已上报天数。</translation>
  </message>
  <message>
   <location filename="processing/record_talk.py" line="40" />
   <source>Rectification completed on (YYYY-MM-DD)</source>
   <translation>整改完成日期（YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="processing/record_talk.py" line="38" />
   <source>Rectification deadline (YYYY-MM-DD)</source>
   <translation>整改期限（YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="199" />
   <source>Rectification measures</source>
   <translation>整改措施</translation>
  </message>
  <message>
   <location filename="processing/record_talk.py" line="37" />
   <source>Rectification required (整改要求)</source>
   <translation>整改要求</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="446" />
   <source>Reference data: {n} confirmed (sources on record)</source>
   <translation>参考数据：已确认 {n} 项（来源可查）</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="450" />
   <source>Reference data: {n} note(s)</source>
   <translation>参考数据提示{n}条</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="438" />
   <source>Reference data: {n} suggested fact(s)</source>
   <translation>参考数据建议{n}项</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="319" />
   <location filename="ui/reference_dialog.py" line="518" />
   <location filename="ui/reference_dialog.py" line="398" />
   <source>Reference layers (参考数据图层)</source>
   <translation>参考数据图层</translation>
  </message>
  <message>
   <location filename="plugin.py" line="102" />
   <location filename="ui/dock.py" line="141" />
   <source>Reference layers (参考数据图层)…</source>
   <translation>参考数据图层…</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="86" />
   <source>Reference layers pre-filled</source>
   <translation>预填的参考数据图层数</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="239" />
   <location filename="ui/case_registers.py" line="250" />
   <source>Referral to {department} registered.</source>
   <translation>已登记移交{department}。</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="259" />
   <source>Referral to {department} saved.</source>
   <translation>移交{department}的登记已保存。</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="44" />
   <source>Referrals</source>
   <translation>移交</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="159" />
   <source>Referrals: {open} awaiting feedback, {late} overdue (30 days)</source>
   <translation>移交：{open}件待反馈，{late}件超期（30天）未反馈</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="91" />
   <location filename="ui/postgis_dialog.py" line="60" />
   <source>Refresh</source>
   <translation>刷新</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="23" />
   <location filename="ui/dock.py" line="138" />
   <source>Refresh deadlines</source>
   <translation>更新截止日期</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="58" />
   <location filename="ui/case_registers.py" line="188" />
   <source>Register</source>
   <translation>登记</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="147" />
   <source>Registered {name} as {kind}: {fields}</source>
   <translation>已将 {name} 登记为{kind}：{fields}</translation>
  </message>
  <message>
   <location filename="ui/imagery_series.py" line="242" />
   <location filename="ui/reference_dialog.py" line="340" />
   <source>Remove</source>
   <translation>移除</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="89" />
   <source>Remove reference layer</source>
   <translation>移除参考数据图层</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="331" />
   <source>Remove rows</source>
   <translation>删除行</translation>
  </message>
  <message>
   <location filename="ui/split_panel.py" line="32" />
   <source>Remove split</source>
   <translation>撤销分割</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="452" />
   <source>Remove {n} reference layer(s) from this workspace? Their overlay is deleted and their pending suggestions lapse; accepted facts stay.</source>
   <translation>从本工作空间移除{n}个参考数据图层？其叠加结果将删除，待确认的建议失效；已采纳的事实保留。</translation>
  </message>
  <message>
   <location filename="ui/fact_editors.py" line="240" />
   <source>Replace the value the data gives; a reason is required</source>
   <translation>修正数据给出的值，须说明理由</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="66" />
   <source>Report folder</source>
   <translation>报表文件夹</translation>
  </message>
  <message>
   <location filename="ui/dock_field.py" line="54" />
   <location filename="ui/dock_import.py" line="91" />
   <source>Report saved to {path}</source>
   <translation>报告已保存到 {path}</translation>
  </message>
  <message>
   <location filename="ui/dock_exports.py" line="69" />
   <source>Report template folder</source>
   <translation>报表模板文件夹</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="144" />
   <source>Report template folder…</source>
   <translation>报表模板文件夹…</translation>
  </message>
  <message>
   <location filename="processing/record_escalation.py" line="49" />
   <source>Reported on (YYYY-MM-DD)</source>
   <translation>上报日期（YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="processing/record_escalation.py" line="50" />
   <source>Reported to (上报对象)</source>
   <translation>上报对象</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="175" />
   <source>Reported to the county government (制止无效): {n} awaiting a result</source>
   <translation>制止无效上报县政府：{n} 件待处理结果</translation>
  </message>
  <message>
   <location filename="ui/dock_exports.py" line="72" />
   <source>Reports</source>
   <translation>报表</translation>
  </message>
  <message>
   <location filename="ui/case_widgets.py" line="114" />
   <source>Request date</source>
   <translation>申请日期</translation>
  </message>
  <message>
   <location filename="ui/case_widgets.py" line="100" />
   <source>Request delay</source>
   <translation>申请延期</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="105" />
   <source>Request delay…</source>
   <translation>申请延期…</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="50" />
   <source>Requirements (督办要求)</source>
   <translation>督办要求</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="70" />
   <location filename="ui/roster_dialog.py" line="89" />
   <source>Responsible leader (包保)</source>
   <translation>包保领导</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="94" />
   <source>Responsible units (、)</source>
   <translation>责任单位（、分隔）</translation>
  </message>
  <message>
   <location filename="processing/record_escalation.py" line="52" />
   <source>Result (处理结果)</source>
   <translation>处理结果</translation>
  </message>
  <message>
   <location filename="processing/record_escalation.py" line="53" />
   <source>Result date (YYYY-MM-DD)</source>
   <translation>处理结果日期（YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="196" />
   <location filename="ui/signoff.py" line="199" />
   <source>Return</source>
   <translation>退回</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="96" />
   <source>Return current patch…</source>
   <translation>退回当前图斑…</translation>
  </message>
  <message>
   <location filename="processing/export_return.py" line="33" />
   <source>Return folder</source>
   <translation>上报成果文件夹</translation>
  </message>
  <message>
   <location filename="processing/export_return.py" line="34" />
   <source>Return number</source>
   <translation>上报编号</translation>
  </message>
  <message>
   <location filename="processing/import_review.py" line="31" />
   <source>Review file</source>
   <translation>审核结果文件</translation>
  </message>
  <message>
   <location filename="processing/import_review.py" line="33" />
   <location filename="ui/signoff.py" line="235" />
   <source>Reviewed by</source>
   <translation>审核层级</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="358" />
   <source>Reviewed by {name} at {time}</source>
   <translation>复核人{name}，复核时间{time}</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="43" />
   <source>Ridge class field</source>
   <translation>扣除地类编码字段</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="41" />
   <source>Ridge share field (田坎系数)</source>
   <translation>田坎系数字段</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="86" />
   <source>Role</source>
   <translation>角色</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="129" />
   <location filename="ui/roster_dialog.py" line="124" />
   <location filename="ui/roster_dialog.py" line="227" />
   <source>Rosters</source>
   <translation>名册</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="134" />
   <source>Rosters…</source>
   <translation>名册…</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="39" />
   <source>Rows copied</source>
   <translation>已复制行数</translation>
  </message>
  <message>
   <location filename="processing/import_review.py" line="37" />
   <source>Rows not applied</source>
   <translation>未导入的行</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="40" />
   <location filename="ui/import_dialog.py" line="58" />
   <source>Rule-set year</source>
   <translation>规则年度</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="92" />
   <source>Rule-set year (default: the newest rule set not after the year of issue)</source>
   <translation>规则年度（默认：不晚于下发年份的最新规则）</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="66" />
   <source>Rule-set year (thresholds)</source>
   <translation>规则年度（问责标准）</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="59" />
   <source>Rural homestead</source>
   <translation>宅基地</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="72" />
   <source>S</source>
   <translation>南</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="72" />
   <source>SE</source>
   <translation>东南</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="72" />
   <source>SW</source>
   <translation>西南</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="132" />
   <source>Sample</source>
   <translation>抽样批次</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="321" />
   <source>Sampled for review</source>
   <translation>抽样复核</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="321" />
   <source>Sampled or not</source>
   <translation>是否抽样</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="116" />
   <source>Sampled review</source>
   <translation>抽样复核</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="162" />
   <source>Sampled review {name}: {reviewed}/{sampled} reviewed, authenticity {rate}</source>
   <translation>抽样复核“{name}”：已复核{reviewed}/{sampled}，真实率{rate}</translation>
  </message>
  <message>
   <location filename="plugin.py" line="90" />
   <location filename="plugin.py" line="92" />
   <location filename="ui/dock.py" line="78" />
   <source>Satellite Enforcement</source>
   <translation>卫片执法</translation>
  </message>
  <message>
   <location filename="processing/provider.py" line="17" />
   <source>Satellite Enforcement (WPZF)</source>
   <translation>卫片执法（WPZF）</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="208" />
   <location filename="ui/roster_dialog.py" line="314" />
   <source>Save</source>
   <translation>保存</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="59" />
   <source>Save as profile…</source>
   <translation>另存为方案…</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="200" />
   <location filename="ui/findings_tab.py" line="50" />
   <location filename="ui/findings_tab.py" line="179" />
   <source>Save findings</source>
   <translation>保存核查事实</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="190" />
   <source>Save penalty</source>
   <translation>保存处罚</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="92" />
   <location filename="ui/mapping_dialog.py" line="103" />
   <location filename="ui/mapping_dialog.py" line="100" />
   <source>Save profile</source>
   <translation>保存方案</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="124" />
   <source>Save them before closing?</source>
   <translation>关闭前保存吗？</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="142" />
   <source>Save them before leaving?</source>
   <translation>离开前是否保存？</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="130" />
   <source>Save verdict</source>
   <translation>保存复核结论</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="84" />
   <source>Saved by someone else meanwhile</source>
   <translation>他人已先行保存</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="103" />
   <source>Saved to {path}</source>
   <translation>已保存到 {path}</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="522" />
   <source>Saved: {created} rows added, {updated} changed, {deleted} removed.</source>
   <translation>已保存：新增 {created} 行，修改 {updated} 行，删除 {deleted} 行。</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="28" />
   <source>Saves a 问题线索 in the clue register. With 'Take it from the suggestions', the subject (and, if needed, the receiving body) picks one of the clues the criteria suggest — 问责, 涉嫌犯罪, 屡查屡犯 to the 纪检监察机关, 工作不力 to the 组织人事部门 — with its reasons; the suggestions are listed in the log. Otherwise give the subject, the receiving body and the reason. To move a clue on, give its id and the date it was sent (移交) with the letter number, or the feedback (处理结果) and its date. Every change is audited.</source>
   <translation>在问题线索移交台账中保存一条问题线索。勾选“从建议中选取”时，按线索对象（必要时加接收机关）选取按条件建议的线索及其事由——问责、涉嫌犯罪、屡查屡犯移交纪检监察机关，工作不力移交组织人事部门；建议清单显示在日志中。否则请填写线索对象、接收机关和移交事由。推进线索时，填写线索编号及移交日期和移交函文号，或处理结果及反馈日期。每次修改均记入审计日志。</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="109" />
   <source>Say which kind of reference data the layer {name} is.</source>
   <translation>请说明图层 {name} 是哪一类参考数据。</translation>
  </message>
  <message>
   <location filename="store/reference_accept.py" line="179" />
   <source>Say why the suggested value does not apply: overriding a suggestion needs a reason.</source>
   <translation>请说明建议值为何不适用：改填参考数据建议须填写理由。</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="292" />
   <source>Search patch id, township, village</source>
   <translation>搜索监测编号、乡镇、村</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="517" />
   <source>Second map</source>
   <translation>第二地图</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="128" />
   <source>Select a patch</source>
   <translation>请选择图斑</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="446" />
   <source>Select the polygon(s) of zone {zone} on layer {layer} first.</source>
   <translation>请先在图层 {layer} 上选择片区 {zone} 的面。</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="213" />
   <location filename="ui/case_registers.py" line="184" />
   <source>Sent</source>
   <translation>发出日期</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="53" />
   <source>Sent on (YYYY-MM-DD)</source>
   <translation>移交日期（YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="ui/county_profile_dialog.py" line="75" />
   <source>Set by {who}, {when}</source>
   <translation>由 {who} 于 {when} 设置</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="108" />
   <source>Share of verified patches (%)</source>
   <translation>抽取已核查图斑的比例（%）</translation>
  </message>
  <message>
   <location filename="ui/determination_view.py" line="64" />
   <source>Show or hide the explanation</source>
   <translation>显示或隐藏判定说明</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="284" />
   <location filename="ui/queue.py" line="392" />
   <source>Show or hide the filters</source>
   <translation>显示或隐藏筛选条件</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="515" />
   <source>Show the 'before' image left of the mouse</source>
   <translation>在鼠标左侧显示前时相影像</translation>
  </message>
  <message>
   <location filename="ui/imagery_series.py" line="248" />
   <source>Show the dated views</source>
   <translation>显示多时相同步视图</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="343" />
   <source>Show the other of the two images</source>
   <translation>显示另一时相的影像</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="568" />
   <source>Showing: after</source>
   <translation>当前显示：后时相</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="568" />
   <source>Showing: before</source>
   <translation>当前显示：前时相</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="93" />
   <location filename="ui/signoff.py" line="249" />
   <source>Sign-off</source>
   <translation>审核验收</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="78" />
   <source>Sign-off and returns (审核验收 / 上报)</source>
   <translation>审核验收与上报</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="140" />
   <source>Sign-off and returns (审核验收 / 上报)…</source>
   <translation>审核验收与上报…</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="282" />
   <source>Sign-off by township (审核验收)</source>
   <translation>各乡镇审核验收情况</translation>
  </message>
  <message>
   <location filename="store/errors.py" line="64" />
   <source>Someone else changed this record meanwhile (version {actual}; you edited version {expected}). Reload it and apply your change again.</source>
   <translation>此记录已被他人修改（当前版本 {actual}，您编辑的是版本 {expected}）。请重新加载后再修改。</translation>
  </message>
  <message>
   <location filename="ui/guard.py" line="33" />
   <source>Something went wrong: {error}. The details are in the QGIS log (View ▸ Panels ▸ Log Messages, tab WPZF).</source>
   <translation>出现错误：{error}。详细信息见 QGIS 日志（视图 ▸ 面板 ▸ 日志消息，WPZF 页）。</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="37" />
   <source>Source field</source>
   <translation>来源字段</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="228" />
   <location filename="ui/suggestions_panel.py" line="423" />
   <source>Source: {source}</source>
   <translation>来源：{source}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="231" />
   <location filename="ui/split_panel.py" line="45" />
   <source>Split</source>
   <translation>分割</translation>
  </message>
  <message>
   <location filename="ui/split_panel.py" line="31" />
   <source>Split along parcels</source>
   <translation>按地类图斑分割</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="119" />
   <location filename="ui/suggestions_panel.py" line="268" />
   <location filename="ui/suggestions_panel.py" line="535" />
   <source>Split along the red line</source>
   <translation>按红线分割</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="528" />
   <source>Split this patch into the part inside the approval's red line and the part outside? Each part is then judged on its own (按实际占地分割认定).</source>
   <translation>将本图斑分割为批准红线内、红线外两部分？分割后各部分分别认定（按实际占地分割认定）。</translation>
  </message>
  <message>
   <location filename="ui/split_panel.py" line="29" />
   <source>Split with a line</source>
   <translation>画线分割</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="33" />
   <source>Splits</source>
   <translation>分割</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="201" />
   <location filename="ui/measure_dialog.py" line="142" />
   <source>Start</source>
   <translation>开始</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="67" />
   <source>State</source>
   <translation>状态</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="58" />
   <location filename="processing/record_escalation.py" line="56" />
   <location filename="processing/record_supervision.py" line="58" />
   <source>Status</source>
   <translation>状态</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="150" />
   <source>Status on {date}</source>
   <translation>{date} 工作概况</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="378" />
   <source>Status: {status}</source>
   <translation>状态：{status}</translation>
  </message>
  <message>
   <location filename="ui/determination_view.py" line="138" />
   <source>Still missing: {facts}</source>
   <translation>仍缺少：{facts}</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="45" />
   <source>Subject of the clue (线索对象)</source>
   <translation>线索对象</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="181" />
   <location filename="ui/signoff.py" line="177" />
   <source>Submit</source>
   <translation>提交审核</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="92" />
   <source>Submit current patch</source>
   <translation>提交当前图斑</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="93" />
   <source>Submit listed patches</source>
   <translation>提交列表中的图斑</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="134" />
   <source>Suggested: {fact} {value}</source>
   <translation>建议：{fact} {value}</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="89" />
   <source>Suggestions accepted</source>
   <translation>已采纳的建议数</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="88" />
   <source>Suggestions stored</source>
   <translation>保存的建议数</translation>
  </message>
  <message>
   <location filename="processing/import_review.py" line="38" />
   <location filename="processing/refresh_deadlines.py" line="49" />
   <location filename="processing/transfer_workspace.py" line="40" />
   <source>Summary</source>
   <translation>摘要</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="47" />
   <source>Supervised from (YYYY-MM-DD)</source>
   <translation>督办日期（YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="46" />
   <source>Supervising unit (督办单位)</source>
   <translation>督办单位</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="57" />
   <source>Supervision id</source>
   <translation>督办编号</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="44" />
   <source>Supervision id to follow up (0: put a patch under supervision)</source>
   <translation>要跟进的督办编号（0：新挂牌督办一个图斑）</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="514" />
   <source>Swipe</source>
   <translation>卷帘</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="78" />
   <source>Take all field values</source>
   <translation>全部采用外业值</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="44" />
   <source>Take it from the suggestions (by subject)</source>
   <translation>从建议中选取（按线索对象）</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="44" />
   <source>Take the patches' photos along (read-only in the field)</source>
   <translation>随包带上图斑已有的照片（外业只读）</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="292" />
   <source>Take the selected feature(s) of the active polygon layer as the polygon of the chosen zone</source>
   <translation>将当前面图层中选中的要素作为所选片区的范围面</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="426" />
   <source>Taken: {time}</source>
   <translation>拍摄时间：{time}</translation>
  </message>
  <message>
   <location filename="processing/record_talk.py" line="43" />
   <source>Talk id</source>
   <translation>约谈编号</translation>
  </message>
  <message>
   <location filename="processing/record_talk.py" line="34" />
   <source>Talk id to complete (0: record a new talk)</source>
   <translation>要办结的约谈编号（0：新记录一次约谈）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="109" />
   <source>Team…</source>
   <translation>团队…</translation>
  </message>
  <message>
   <location filename="ui/dock_exports.py" line="72" />
   <source>Templates in {folder} now replace the shipped ones of the same name.</source>
   <translation>{folder} 中的模板将替换同名的内置模板。</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="56" />
   <source>Temporary use</source>
   <translation>临时用地</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="79" />
   <source>Text encoding</source>
   <translation>字符编码</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="99" />
   <source>Text encoding (empty: detect)</source>
   <translation>字符编码（留空：自动检测）</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="117" />
   <source>The CRS must be an EPSG code, not {crs}</source>
   <translation>坐标系必须是 EPSG 代码，而不是 {crs}</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="160" />
   <source>The audit log does not match what this computer remembers: {reason}</source>
   <translation>审计日志与本机留存的记录不符：{reason}</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="159" />
   <source>The audit log is broken at record {seq}: {reason}</source>
   <translation>审计日志在第 {seq} 条记录处断裂：{reason}</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="148" />
   <source>The audit log is intact: {n} records checked.</source>
   <translation>审计日志完整：已校验 {n} 条记录。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="181" />
   <source>The case is closed: the illegal state is eliminated.</source>
   <translation>案件已办结：违法状态已消除。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="491" />
   <source>The case is now {status}.</source>
   <translation>案件状态已变为{status}。</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="274" />
   <source>The check character of this ID number is wrong.</source>
   <translation>该证件号码校验位错误。</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="55" />
   <source>The copy was written but does not match the source: {problems}</source>
   <translation>副本已写入，但与源不一致：{problems}</translation>
  </message>
  <message>
   <location filename="ui/facts_defaults.py" line="78" />
   <source>The county profile's answer (basis: {basis}); another answer here is saved for this patch only</source>
   <translation>县情默认（依据：{basis}）；在此改填的答案只保存到本图斑</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="321" />
   <source>The county's own data (approvals, temporary use, facility filings, mining rights, protected zones, earlier patches) suggests facts for every patch and part, each with the feature it came from; a person accepts them in the findings tab.</source>
   <translation>本县自有数据（建设用地审批、临时用地、设施农业备案、采矿权、保护区域、以前年度图斑）为每个图斑和分割地块给出建议事实，并注明来源要素；由核查人员在核查事实页采纳。</translation>
  </message>
  <message>
   <location filename="store/faults.py" line="37" />
   <source>The disk holding {file} is full: nothing of this change was saved. Free some space on it (or move the workspace to a disk with room) and do it again.</source>
   <translation>{file} 所在磁盘已满：本次改动没有保存任何内容。请腾出磁盘空间（或把工作空间移到有空间的磁盘），然后重做。</translation>
  </message>
  <message>
   <location filename="store/escalation.py" line="26" />
   <source>The escalation was not recorded: {reasons}</source>
   <translation>上报登记未保存：{reasons}</translation>
  </message>
  <message>
   <location filename="ui/dock_exports.py" line="143" />
   <source>The export failed: {error}</source>
   <translation>导出失败：{error}</translation>
  </message>
  <message>
   <location filename="ui/dock_exports.py" line="55" />
   <source>The export failed: {error}
Nothing in the chosen folder was changed.</source>
   <translation>导出失败：{error}
所选文件夹中的文件均未改动。</translation>
  </message>
  <message>
   <location filename="store/reference_split.py" line="89" />
   <source>The features of {layer} that covered patch {jcbh} are no longer in the layer; pre-fill again.</source>
   <translation>“{layer}”中覆盖图斑 {jcbh} 的要素已不在图层中，请重新预填。</translation>
  </message>
  <message>
   <location filename="ui/photo_viewer.py" line="52" />
   <source>The file {path} cannot be shown.</source>
   <translation>无法显示文件 {path}。</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="141" />
   <source>The findings of this patch have unsaved changes.</source>
   <translation>本图斑的核查事实有未保存的修改。</translation>
  </message>
  <message>
   <location filename="ui/imagery_series.py" line="335" />
   <source>The image's date, YYYY-MM-DD</source>
   <translation>影像日期，格式 YYYY-MM-DD</translation>
  </message>
  <message>
   <location filename="ui/dock_import.py" line="66" />
   <source>The import failed: {error}</source>
   <translation>导入失败：{error}</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="49" />
   <source>The input layer cannot be read</source>
   <translation>无法读取输入图层</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="44" />
   <source>The input needs either the accountability columns (id, county, category, illegal_gd_mu, new_gd_mu) or determined patches (PDJG with GDMJ …)</source>
   <translation>输入需包含问责测算列（id、county、category、illegal_gd_mu、new_gd_mu）或已判定图斑（PDJG 及 GDMJ 等）</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="99" />
   <source>The land survey was read and overlaid in a second process, on another core (its peak memory: {mb} MB)</source>
   <translation>三调图层在另一个进程（另一个处理器核心）中读取并叠加（该进程峰值内存：{mb} MB）</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="166" />
   <source>The layer holds every such record of the county: a patch it does not cover gets the suggestion 'not obtained' (图层未覆盖即建议“未取得”).</source>
   <translation>图层包含全县所有此类记录：图层未覆盖即建议“未取得”。</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="171" />
   <source>The overlays with the reference layers, and the suggestions of every layer after the first, were computed in a second process, on another core, while this one stored them</source>
   <translation>参考图层叠加分析及第一个图层以外各图层的预填建议在另一个进程（另一个处理器核心）中计算，本进程同时保存</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="197" />
   <source>The patch has no photos yet (add them in the Photos tab).</source>
   <translation>该图斑尚无照片（请在“照片”页添加）。</translation>
  </message>
  <message>
   <location filename="ui/scope_dialog.py" line="44" />
   <source>The patches listed in the queue ({n})</source>
   <translation>列表中显示的图斑（{n}个）</translation>
  </message>
  <message>
   <location filename="ui/scope_dialog.py" line="45" />
   <source>The patches selected on the map ({n})</source>
   <translation>地图上选中的图斑（{n}个）</translation>
  </message>
  <message>
   <location filename="reports/record_pdf.py" line="295" />
   <source>The photo {path} changed while the record forms were written; export them again.</source>
   <translation>照片 {path} 在写入核查记录表期间被更改，请重新导出。</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="492" />
   <source>The pre-fill failed: {error}</source>
   <translation>预填失败：{error}</translation>
  </message>
  <message>
   <location filename="store/reference.py" line="69" />
   <source>The reference layer {layer} is not registered in this workspace.</source>
   <translation>本工作空间未登记参考图层 {layer}。</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="124" />
   <source>The roster has unsaved changes.</source>
   <translation>名册有未保存的修改。</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="547" />
   <location filename="ui/roster_dialog.py" line="552" />
   <source>The roster was not exported:</source>
   <translation>名册未导出：</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="513" />
   <location filename="ui/roster_dialog.py" line="518" />
   <source>The roster was not saved:</source>
   <translation>名册未保存：</translation>
  </message>
  <message>
   <location filename="store/errors.py" line="61" />
   <source>The rule set {source} cannot be used: {problems}</source>
   <translation>判定规则 {source} 无法使用：{problems}</translation>
  </message>
  <message>
   <location filename="ui/imagery_series.py" line="431" />
   <source>The rules of this patch do not use the start date (始建日期).</source>
   <translation>此图斑适用的规则不使用始建日期。</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="125" />
   <source>The sample needs a name.</source>
   <translation>抽样需要名称。</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="175" />
   <source>The second process stopped; the layers it had not finished were computed in this one, with the same results</source>
   <translation>另一个进程已停止；其未完成的图层改由本进程计算，结果相同</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="358" />
   <source>The stored roster cannot be read ({error}); the default roster is shown, and Save replaces the stored one.</source>
   <translation>无法读取已存储的名册（{error}）；现显示默认名册，保存后将替换已存储的名册。</translation>
  </message>
  <message>
   <location filename="store/talks.py" line="33" />
   <source>The talk was not recorded: {reasons}</source>
   <translation>约谈记录未保存：{reasons}</translation>
  </message>
  <message>
   <location filename="store/errors.py" line="76" />
   <source>The team database reported an error: {error}</source>
   <translation>团队数据库报告错误：{error}</translation>
  </message>
  <message>
   <location filename="ui/scope_dialog.py" line="42" />
   <source>The whole county ({n} patches)</source>
   <translation>全县（{n}个图斑）</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="295" />
   <location filename="ui/findings_tab.py" line="108" />
   <source>The whole patch</source>
   <translation>整个图斑</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="535" />
   <source>The workbook was not imported:</source>
   <translation>工作簿未导入：</translation>
  </message>
  <message>
   <location filename="ui/people_dialog.py" line="39" />
   <source>The workspace records who did what by login. Ledgers, the return to the province and the dock print the name set here; a login without a name is printed as it is. The audit log keeps the login.</source>
   <translation>工作空间按登录名记录每项操作由谁完成。台账、上报成果和工作面板显示此处设置的姓名；未设置姓名的登录名按原样显示。审计日志仍保留登录名。</translation>
  </message>
  <message>
   <location filename="store/errors.py" line="71" />
   <source>The workspace refused this: {reason}</source>
   <translation>工作空间拒绝了此操作：{reason}</translation>
  </message>
  <message>
   <location filename="store/faults.py" line="49" />
   <source>The workspace {file} reported an error: {detail}</source>
   <translation>工作空间 {file} 报告错误：{detail}</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="57" />
   <source>The year of the determination rules (附件4) the batch's patches are judged by</source>
   <translation>本批次图斑判定所依据的判定规则（附件4）年度</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="91" />
   <source>Their title or phone</source>
   <translation>专人职务</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="99" />
   <source>Theirs</source>
   <translation>对方的</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="135" />
   <source>There are no verified patches to sample.</source>
   <translation>没有可供抽样的已核查图斑。</translation>
  </message>
  <message>
   <location filename="store/cases.py" line="125" />
   <source>There is no case #{fid}.</source>
   <translation>没有案件 #{fid}。</translation>
  </message>
  <message>
   <location filename="store/reference.py" line="98" />
   <source>There is no kind of reference data called {kind}.</source>
   <translation>没有名为 {kind} 的参考数据类型。</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="62" />
   <source>There is no rule set for rule-set year {year}; choose one of {years}</source>
   <translation>没有 {year} 年度的判定规则；请从 {years} 中选择</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="170" />
   <source>There is no sample named {name}.</source>
   <translation>没有名为{name}的抽样。</translation>
  </message>
  <message>
   <location filename="ui/findings_tab.py" line="192" />
   <source>These findings</source>
   <translation>这些核查事实</translation>
  </message>
  <message>
   <location filename="ui/imagery_series.py" line="426" />
   <source>This image has no date: set it in the Imagery tab.</source>
   <translation>此期影像没有日期：请在“影像对比”页设置。</translation>
  </message>
  <message>
   <location filename="ui/scope_dialog.py" line="46" />
   <source>This patch: {name}</source>
   <translation>当前图斑：{name}</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="89" />
   <location filename="ui/conflict_dialog.py" line="91" />
   <source>This record</source>
   <translation>此记录</translation>
  </message>
  <message>
   <location filename="store/reference_accept.py" line="189" />
   <location filename="store/reference_accept.py" line="89" />
   <source>This suggestion is no longer awaiting confirmation (it was handled or replaced); reload the form.</source>
   <translation>该建议已不再待确认（已处理或已被替换），请重新加载表单。</translation>
  </message>
  <message>
   <location filename="store/reference_accept.py" line="184" />
   <source>This suggestion no longer exists; reload the form.</source>
   <translation>该建议已不存在，请重新加载表单。</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="86" />
   <source>Title</source>
   <translation>职务</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="44" />
   <source>Today (YYYY-MM-DD; empty = today)</source>
   <translation>今天（YYYY-MM-DD，留空为当天）</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="61" />
   <source>Today must be a date like 2021-06-30: {value}</source>
   <translation>“今天”须为 2021-06-30 这样的日期：{value}</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="342" />
   <source>Toggle before/after imagery</source>
   <translation>切换前后时相影像</translation>
  </message>
  <message>
   <location filename="processing/record_talk.py" line="36" />
   <location filename="ui/queue.py" line="36" />
   <location filename="ui/roster_dialog.py" line="88" />
   <source>Township</source>
   <translation>乡镇</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="44" />
   <source>Township (all townships if empty)</source>
   <translation>乡镇（为空则全部乡镇）</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="36" />
   <source>Township (empty: all patches)</source>
   <translation>乡镇（留空为全部图斑）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="66" />
   <source>Township / village</source>
   <translation>乡镇 / 村</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="51" />
   <source>Township boundaries</source>
   <translation>乡镇界线</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="88" />
   <source>Township code</source>
   <translation>乡镇代码</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="52" />
   <source>Township code field</source>
   <translation>乡镇代码字段</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="90" />
   <source>Township group (包片包保组)</source>
   <translation>包片包保组</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="53" />
   <source>Township name field</source>
   <translation>乡镇名称字段</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="97" />
   <source>Townships and villages</source>
   <translation>乡镇村包保</translation>
  </message>
  <message>
   <location filename="store/reference_accept.py" line="47" />
   <source>Two suggestions for {fact} disagree; accept one of them.</source>
   <translation>关于“{fact}”的两条建议不一致，请只采纳其中一条。</translation>
  </message>
  <message>
   <location filename="processing/export_return.py" line="36" />
   <source>Units held back</source>
   <translation>暂不上报的认定单元</translation>
  </message>
  <message>
   <location filename="processing/import_review.py" line="35" />
   <source>Units passed</source>
   <translation>通过的认定单元</translation>
  </message>
  <message>
   <location filename="processing/import_review.py" line="36" />
   <source>Units returned</source>
   <translation>退回的认定单元</translation>
  </message>
  <message>
   <location filename="ui/fact_editors.py" line="78" />
   <location filename="ui/fact_editors.py" line="110" />
   <location filename="ui/fact_editors.py" line="139" />
   <source>Unknown</source>
   <translation>未知</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="127" />
   <source>Unknown patches: {ids}</source>
   <translation>未知图斑：{ids}</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="141" />
   <source>Unsaved findings</source>
   <translation>核查事实未保存</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="291" />
   <source>Use selected polygon</source>
   <translation>使用所选面</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="32" />
   <source>Values merged</source>
   <translation>合并值数</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="260" />
   <source>Vector files</source>
   <translation>矢量文件</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="133" />
   <source>Verdict</source>
   <translation>复核结论</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="380" />
   <source>Verdict saved.</source>
   <translation>复核结论已保存。</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="54" />
   <location filename="ui/import_dialog.py" line="87" />
   <source>Verification deadline</source>
   <translation>核查截止日期</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="53" />
   <source>Verification deadline — {level}</source>
   <translation>{level}核查截止</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="303" />
   <source>Verification deadline: {date}</source>
   <translation>核查截止：{date}</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="38" />
   <location filename="ui/dock_field.py" line="28" />
   <source>Verifier</source>
   <translation>核查人员</translation>
  </message>
  <message>
   <location filename="plugin.py" line="100" />
   <source>Verify audit log</source>
   <translation>校验审计日志</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="145" />
   <source>Verify the audit log</source>
   <translation>校验审计日志</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="135" />
   <source>Video verification</source>
   <translation>视频核查说明</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="88" />
   <source>Village</source>
   <translation>村</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="54" />
   <source>Village boundaries</source>
   <translation>村界线</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="89" />
   <source>Village code</source>
   <translation>村代码</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="56" />
   <source>Village code field</source>
   <translation>村代码字段</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="58" />
   <source>Village name field</source>
   <translation>村名称字段</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="71" />
   <source>Violators</source>
   <translation>违法主体</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="174" />
   <source>Violators: {n}, repeat offenders: {repeat}</source>
   <translation>违法主体：{n}个，屡查屡犯：{repeat}个</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="72" />
   <source>W</source>
   <translation>西</translation>
  </message>
  <message>
   <location filename="plugin_missing.py" line="16" />
   <source>WPZF cannot start</source>
   <translation>WPZF 无法启动</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="131" />
   <source>WPZF field import — {package}</source>
   <translation>WPZF 外业数据导入 — {package}</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="39" />
   <source>WPZF field package — {name}</source>
   <translation>WPZF 外业数据包 — {name}</translation>
  </message>
  <message>
   <location filename="store/errors.py" line="45" />
   <source>WPZF has no rule set for {year} (it has: {years}), so the patches of this batch cannot be determined. Update WPZF to a version with the {year} rules, or judge the batch by rules WPZF has (Findings tab).</source>
   <translation>WPZF 没有 {year} 年度的判定规则（现有：{years}），本批次的图斑无法判定。请把 WPZF 更新到含 {year} 年度规则的版本，或在“核查事实”页改按 WPZF 现有的规则判定本批次。</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="146" />
   <source>WPZF has no rule set: it cannot determine patches.</source>
   <translation>WPZF 没有任何判定规则，无法判定图斑。</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="83" />
   <source>WPZF import report — {file}</source>
   <translation>WPZF 导入报告 — {file}</translation>
  </message>
  <message>
   <location filename="plugin_missing.py" line="17" />
   <source>WPZF needs Python packages that are missing in this QGIS:</source>
   <translation>WPZF 需要的以下 Python 包在本 QGIS 中缺失：</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="178" />
   <source>WPZF photos — patch {key}</source>
   <translation>卫片执法现场照片 — 图斑 {key}</translation>
  </message>
  <message>
   <location filename="ui/dock_workspace.py" line="32" />
   <location filename="ui/dock_workspace.py" line="46" />
   <location filename="ui/layers.py" line="110" />
   <source>WPZF workspace</source>
   <translation>WPZF 工作空间</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="42" />
   <source>Warn about deadlines within days</source>
   <translation>提前提醒天数</translation>
  </message>
  <message>
   <location filename="processing/record_escalation.py" line="45" />
   <source>What failed (情形)</source>
   <translation>情形</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="73" />
   <source>What if these patches completed their approvals (监测编号, comma-separated)</source>
   <translation>假设以下图斑已补办完善用地手续（监测编号，逗号分隔）</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="70" />
   <source>What if these patches were demolished and restored (监测编号, comma-separated)</source>
   <translation>假设以下图斑已拆除复耕到位（监测编号，逗号分隔）</translation>
  </message>
  <message>
   <location filename="processing/record_talk.py" line="41" />
   <source>What was done</source>
   <translation>完成情况</translation>
  </message>
  <message>
   <location filename="processing/record_supervision.py" line="55" />
   <source>What was done (办结情况)</source>
   <translation>办结情况</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="99" />
   <source>When you opened it</source>
   <translation>您打开时</translation>
  </message>
  <message>
   <location filename="ui/scope_dialog.py" line="38" />
   <source>Which patches?</source>
   <translation>哪些图斑？</translation>
  </message>
  <message>
   <location filename="processing/record_escalation.py" line="43" />
   <source>Why it is escalated (上报原因)</source>
   <translation>上报原因</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="147" />
   <source>Why the suggestion does not hold (required)</source>
   <translation>建议不成立的理由（必填）</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="197" />
   <source>Why, and from which features</source>
   <translation>理由及来源要素</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="318" />
   <source>With or without photos</source>
   <translation>有无照片均可</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="318" />
   <source>With photos</source>
   <translation>有照片</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="319" />
   <source>Without photos</source>
   <translation>无照片</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="104" />
   <source>Workload per person following up (专人盯办)</source>
   <translation>专人盯办工作量</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="58" />
   <source>Works listed in 附件4 article 4</source>
   <translation>附件4第四条</translation>
  </message>
  <message>
   <location filename="processing/base.py" line="15" />
   <source>Workspace</source>
   <translation>工作空间</translation>
  </message>
  <message>
   <location filename="processing/base.py" line="74" />
   <source>Workspace (GeoPackage, or a PostgreSQL location pg:…;schema=…)</source>
   <translation>工作空间（GeoPackage，或 PostgreSQL 位置 pg:…;schema=…）</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="71" />
   <source>Workspace (schema)</source>
   <translation>工作空间（模式）</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="37" />
   <source>Workspace field</source>
   <translation>工作空间字段</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="31" />
   <source>Workspace to copy (GeoPackage path or PostgreSQL location)</source>
   <translation>要复制的工作空间（GeoPackage 路径或 PostgreSQL 位置）</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="129" />
   <source>Workspace {path} does not exist</source>
   <translation>工作空间 {path} 不存在</translation>
  </message>
  <message>
   <location filename="ui/dock_workspace.py" line="67" />
   <source>Workspace: {path}</source>
   <translation>工作空间：{path}</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="25" />
   <source>Writes a folder for the field verifiers: field.gpkg with the patches of a township (all patches when empty), their parts and a photo table; wpzf_field.qgs, a QGIS/QField project whose forms list the facts in Chinese with value lists and date pickers and take photos into DCIM/; the imagery clipped to the patches (optional); the patches' photos already in the workspace, read-only (optional); and manifest.json with the values exported, the base for merging the package back with wpzf:import_field_package.</source>
   <translation>为外业核查人员生成文件夹：field.gpkg 包含一个乡镇（留空为全部）的图斑、其分割地块和照片表；wpzf_field.qgs 是 QGIS/QField 工程，表单以中文列出核查事实，提供下拉列表和日期选择器，拍照保存到 DCIM/；可选的按图斑裁剪的影像；可选的图斑已有照片（只读）；manifest.json 记录导出时的值，作为用 wpzf:import_field_package 合并回来的基准。</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="27" />
   <source>Writes the 违法用地台账 and 矿产执法台账 (with each case's rectification status), the monthly statistics by township, the 附件5 accountability table and the registers of the case workflow (立案整改, 移交, 违法主体, 抽样复核) as xlsx; the accountability report, the monthly statistics, the half-year (半年报告) and annual (年度报告) reports and the rectification progress report as HTML and PDF (Chinese font embedded; .docx copies when python-docx is installed); one referral letter (移交函) per receiving department; and the 卫片执法图斑核查记录表 of every determined patch with recorded findings (of every determined patch when asked) as PDF: one file per patch named by its 监测编号, or — for more than 500 forms, or when asked — one file per batch and township (at most 200 forms each, the 监测编号 range in the name when a township needs several) with a bookmark per 监测编号 (nearly twice as fast: the Chinese font is embedded once per file). For one township: only its ledgers, registers and record forms. Templates in the folder given override the shipped ones of the same name.</source>
   <translation>输出违法用地台账和矿产执法台账（含各案件整改情况）、分乡镇月度统计、附件5问责测算表以及案件登记台账（立案整改、移交、违法主体、抽样复核）xlsx；问责测算报告、月度统计、半年报告、年度报告和整改进展报告的 HTML 与 PDF（嵌入中文字体；安装 python-docx 时另出 .docx）；按接收部门各一份移交函；以及已录入核查结果的已判定图斑（选择时为全部已判定图斑）的卫片执法图斑核查记录表 PDF：每个图斑一个文件，以监测编号命名；超过 500 份或选择时，按批次和乡镇各一个文件（每个最多 200 份，一个乡镇需多个文件时文件名含监测编号范围），每个监测编号一个书签（快近一倍：每个文件只嵌入一次中文字体）。只选一个乡镇时，仅输出其台账、登记表和核查记录表。所给文件夹中的模板替换同名内置模板。</translation>
  </message>
  <message>
   <location filename="processing/export_return.py" line="22" />
   <source>Writes what goes up for the batch's patches the county passed (审核通过): the batch's own layer in its own schema, encoding and coordinate system with the results filled in, the platform fill-in table (xlsx keyed by 监测编号) and the 举证 photos in one folder per 监测编号 with a manifest. The return is recorded (which patches, when, by whom, the audit head) and may be written again; a patch changed after its pass is held back until it is reviewed again.</source>
   <translation>导出本批次县级审核通过图斑的上报成果：按原图层结构、字符编码和坐标系返回批次图层并填写成果字段，平台填报表（xlsx，以监测编号为键），以及按监测编号分文件夹存放的举证照片及清单。每次上报均有记录（哪些图斑、时间、操作人、审计链头），可重复上报；审核通过后又有修改的图斑暂不上报，须重新审核。</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="218" />
   <source>YYYY-MM-DD</source>
   <translation>年-月-日（YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="96" />
   <location filename="ui/case_registers.py" line="73" />
   <location filename="ui/roster_dialog.py" line="99" />
   <source>Year</source>
   <translation>年度</translation>
  </message>
  <message>
   <location filename="ui/fact_editors.py" line="76" />
   <source>Yes</source>
   <translation>是</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="59" />
   <source>Yes: a patch it does not cover gets 'not obtained'</source>
   <translation>是：图层未覆盖的图斑建议为“未取得”</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="63" />
   <source>Your own template folder (optional)</source>
   <translation>自定义模板文件夹（可选）</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="99" />
   <source>Yours</source>
   <translation>我的</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="92" />
   <source>Zone</source>
   <translation>片区</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="102" />
   <source>Zone note</source>
   <translation>片区备注</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="478" />
   <source>Zone {zone} has no polygon yet.</source>
   <translation>片区 {zone} 尚无范围面。</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="466" />
   <source>Zone {zone}: a polygon is needed, not {kind}</source>
   <translation>片区 {zone}：需要面要素，而不是 {kind}</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="474" />
   <source>Zone {zone}: the coordinates are not longitude/latitude; transform the polygon to EPSG:4490 first</source>
   <translation>片区 {zone}：坐标不是经纬度，请先将面转换到 EPSG:4490</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="461" />
   <source>Zone {zone}: the polygon could not be used: {error}</source>
   <translation>片区 {zone}：无法使用该面：{error}</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="468" />
   <source>Zone {zone}: the polygon is empty</source>
   <translation>片区 {zone}：面为空</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="470" />
   <source>Zone {zone}: the polygon is not valid ({reason})</source>
   <translation>片区 {zone}：面几何无效（{reason}）</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="295" />
   <source>Zoom to zone</source>
   <translation>缩放至片区</translation>
  </message>
  <message>
   <location filename="exchange/reference_layers.py" line="454" />
   <source>a WPZF workspace can only be registered as earlier patches</source>
   <translation>WPZF 工作空间只能登记为以前年度图斑</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="269" />
   <source>a batch coded '{code}' was already imported on {date}; choose another batch code</source>
   <translation>编号为“{code}”的批次已于 {date} 导入；请使用其他批次编号</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="218" />
   <source>a number</source>
   <translation>数字</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="217" />
   <source>a part that belongs to no patch of the package is not imported</source>
   <translation>不属于本数据包任何图斑的地块不导入</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="186" />
   <source>a patch added in the field is not imported (patches come from the office's batches)</source>
   <translation>外业新增的图斑不导入（图斑来自内业批次）</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="276" />
   <source>a second 联络人 (also row {row}); the office has one contact</source>
   <translation>联络人重复（另见第 {row} 行）；办公室只设一名联络人</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="75" />
   <source>a shared folder every workstation reaches</source>
   <translation>各工作站都能访问的共享文件夹</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="351" />
   <source>a 专人职务 is given without the 专人's name</source>
   <translation>填写了专人职务，但未填写盯办专人姓名</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="110" />
   <source>accepted</source>
   <translation>已采纳</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="159" />
   <source>all text is ASCII</source>
   <translation>文本全部为 ASCII</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="316" />
   <source>already attached to patch {key} (as {name}); a photo belongs to one patch, not attached again</source>
   <translation>已添加到图斑 {key}（文件名 {name}）；一张照片只属于一个图斑，不再重复添加</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="310" />
   <source>already attached to this patch (as {name}, added {date}); not copied again</source>
   <translation>已添加到此图斑（文件名 {name}，添加于 {date}）；不再重复复制</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="157" />
   <location filename="exchange/photos.py" line="182" />
   <source>already in the workspace</source>
   <translation>工作空间中已有</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="313" />
   <source>already in the workspace without a patch (as {name}); not attached again</source>
   <translation>工作空间中已有此照片（文件名 {name}），未关联图斑；不再重复添加</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="309" />
   <source>approved by {name}</source>
   <translation>批准人{name}</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="53" />
   <source>attachment missing in the source: {path}</source>
   <translation>源工作空间缺少附件：{path}</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="134" />
   <source>audit source: {source}</source>
   <translation>审计来源：{source}</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="185" />
   <source>batch issue date is missing</source>
   <translation>缺少批次下发日期</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="182" />
   <source>batch level must be one of {levels}, not '{level}'</source>
   <translation>批次级别应为 {levels} 之一，而不是“{level}”</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="86" />
   <source>batch: {code}  started {started}  finished {finished}</source>
   <translation>批次：{code}  开始 {started}  结束 {finished}</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="184" />
   <source>below the thresholds</source>
   <translation>未达到问责标准</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="180" />
   <location filename="exchange/photos.py" line="271" />
   <source>cancelled by the user; nothing was attached</source>
   <translation>用户已取消；未添加任何照片</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="364" />
   <source>cannot be copied into the workspace: {error}</source>
   <translation>无法复制到工作空间：{error}</translation>
  </message>
  <message>
   <location filename="exchange/findings_table.py" line="60" />
   <source>cannot be read as CSV: {error}</source>
   <translation>无法按 CSV 读取：{error}</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="311" />
   <location filename="exchange/field_package.py" line="226" />
   <location filename="exchange/field_package.py" line="309" />
   <source>cannot be read: {error}</source>
   <translation>无法读取：{error}</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="410" />
   <source>cannot read the workbook: {error}</source>
   <translation>无法读取工作簿：{error}</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="189" />
   <source>cannot tell the text encoding: not UTF-8, and {why}; add a .cpg file or choose the encoding</source>
   <translation>无法确定文本编码：不是 UTF-8，且{why}；请添加 .cpg 文件或手动选择编码</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="360" />
   <source>cannot tell which patch the photo belongs to: the photo table names no patch, the file name has no 监测编号 of the package and its GPS position is inside none of its patches</source>
   <translation>无法确定照片所属图斑：照片表未指明图斑，文件名中没有本数据包的监测编号，GPS 位置也不在任何图斑内</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="405" />
   <source>changed since the pre-fill (已变更)</source>
   <translation>预填后已变更</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="290" />
   <source>chosen for this import</source>
   <translation>本次导入指定</translation>
  </message>
  <message>
   <location filename="ui/determination_view.py" line="120" />
   <location filename="ui/patch_card.py" line="112" />
   <source>clause {clause}</source>
   <translation>依据 {clause}</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="93" />
   <source>clue #{fid} does not exist</source>
   <translation>问题线索 #{fid} 不存在</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="173" />
   <source>code</source>
   <translation>代码</translation>
  </message>
  <message>
   <location filename="exchange/findings_table.py" line="134" />
   <source>column {name} is not a fact; ignored</source>
   <translation>列 {name} 不是核查事实，已忽略</translation>
  </message>
  <message>
   <location filename="exchange/findings_table.py" line="136" />
   <source>column {name}: this value comes from the data and is not taken from a table; ignored</source>
   <translation>列 {name}：该值来自数据，不从表格读取，已忽略</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="63" />
   <source>comment: {text}</source>
   <translation>意见：{text}</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="409" />
   <source>complete data</source>
   <translation>完整数据</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="139" />
   <source>conflicts to decide</source>
   <translation>待处理冲突</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="495" />
   <source>control characters replaced by spaces in “{value}”</source>
   <translation>“{value}”中的控制字符已替换为空格</translation>
  </message>
  <message>
   <location filename="exchange/crs.py" line="85" />
   <source>coordinates ({minx:.3f}, {miny:.3f}) – ({maxx:.3f}, {maxy:.3f}) fit no CGCS2000 system; choose the coordinate system</source>
   <translation>坐标范围 ({minx:.3f}, {miny:.3f}) – ({maxx:.3f}, {maxy:.3f}) 不符合任何 CGCS2000 坐标系；请选择坐标系</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="381" />
   <source>coordinates ({x:,.3f}, {y:,.3f}) lie outside China in {system}</source>
   <translation>坐标 ({x:,.3f}, {y:,.3f}) 按 {system} 位于中国境外</translation>
  </message>
  <message>
   <location filename="exchange/crs.py" line="83" />
   <source>coordinates are 3° Gauss–Krüger without zone number; the zone (central meridian) cannot be told from them — choose the coordinate system</source>
   <translation>坐标为不带带号的3度带高斯–克吕格坐标，无法据此确定带号（中央经线）——请选择坐标系</translation>
  </message>
  <message>
   <location filename="exchange/crs.py" line="71" />
   <source>coordinates are longitudes/latitudes within China</source>
   <translation>坐标为中国范围内的经纬度</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="378" />
   <source>coordinates are not finite numbers (NaN or infinite)</source>
   <translation>坐标不是有限数值（NaN 或无穷大）</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="89" />
   <source>counts: {counts}</source>
   <translation>统计：{counts}</translation>
  </message>
  <message>
   <location filename="ui/facts_defaults.py" line="65" />
   <source>county default</source>
   <translation>县情默认</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="91" />
   <source>covers {share}</source>
   <translation>覆盖{share}</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="98" />
   <source>current</source>
   <translation>现状</translation>
  </message>
  <message>
   <location filename="exchange/photo_meta.py" line="268" />
   <source>damaged or truncated image</source>
   <translation>图像已损坏或不完整</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="513" />
   <source>declared area {declared:g} {unit} ({declared_mu:.2f} 亩) differs from the measured {measured:.2f} 亩 by {rel:+.1%}</source>
   <translation>申报面积 {declared:g}{unit}（{declared_mu:.2f} 亩）与实测 {measured:.2f} 亩相差 {rel:+.1%}</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="62" />
   <source>default: the file name</source>
   <translation>默认：文件名</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="347" />
   <source>differs from row {row} of the same township; give it once</source>
   <translation>与同一乡镇第 {row} 行不一致；每个乡镇只需填写一次</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="363" />
   <source>disk full</source>
   <translation>磁盘已满</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="100" />
   <location filename="ui/photo_panel.py" line="420" />
   <source>drone</source>
   <translation>无人机</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="389" />
   <source>duplicate zone {zone} (also row {row})</source>
   <translation>片区 {zone} 重复（另见第 {row} 行）</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="309" />
   <source>duplicate {what} code {code} (also row {row}, column {column})</source>
   <translation>{what}代码 {code} 重复（另见第 {row} 行 {column} 列）</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="147" />
   <source>e.g. 代自然资立〔2021〕1号</source>
   <translation>例如：代自然资立〔2021〕1号</translation>
  </message>
  <message>
   <location filename="exchange/crs.py" line="75" />
   <source>eastings carry zone number {zone} (3° zone, 中央经线 {cm}°E)</source>
   <translation>横坐标带有带号 {zone}（3度带，中央经线 {cm}°E）</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="219" />
   <source>empty = unknown</source>
   <translation>留空 = 未填写</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="365" />
   <source>empty geometry</source>
   <translation>几何为空</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="88" />
   <source>encoding: {encoding}</source>
   <translation>编码：{encoding}</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="114" />
   <source>enter another value</source>
   <translation>输入其它值</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="202" />
   <source>entered: {value}</source>
   <translation>已填写：{value}</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="151" />
   <location filename="exchange/importer.py" line="92" />
   <location filename="exchange/photos.py" line="181" />
   <source>errors</source>
   <translation>错误</translation>
  </message>
  <message>
   <location filename="store/escalation.py" line="79" />
   <source>escalation #{fid} does not exist</source>
   <translation>上报登记 #{fid} 不存在</translation>
  </message>
  <message>
   <location filename="exchange/field_binding.py" line="82" />
   <source>exported but missing: {keys}</source>
   <translation>导出时有而现在缺少：{keys}</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="232" />
   <source>file not found</source>
   <translation>找不到文件</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="106" />
   <source>filled in otherwise (reason: {reason})</source>
   <translation>已改填（理由：{reason}）</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="296" />
   <source>from the file ({name})</source>
   <translation>取自文件（{name}）</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="171" />
   <source>geometry</source>
   <translation>图形</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="367" />
   <source>geometry is a {type}; a patch must be a polygon</source>
   <translation>几何类型为 {type}；图斑必须是面</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="404" />
   <location filename="exchange/importer.py" line="226" />
   <location filename="exchange/importer.py" line="242" />
   <source>import cancelled by the user; nothing was written</source>
   <translation>用户取消了导入；未写入任何内容</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="85" />
   <source>imported</source>
   <translation>已导入</translation>
  </message>
  <message>
   <location filename="exchange/merge_record.py" line="30" />
   <source>imported before on {date} by {user}; nothing changed</source>
   <translation>已于 {date} 由 {user} 导入过，未作任何更改</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="396" />
   <source>invalid geometry ({reason}) with no area left after repair</source>
   <translation>几何无效（{reason}），修复后面积为零</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="402" />
   <source>invalid geometry repaired ({reason}); area {before:.2f} → {after:.2f} m² ({change:+.2f} m², {rel:+.3f} %)</source>
   <translation>已修复无效几何（{reason}）；面积 {before:.2f} → {after:.2f} 平方米（{change:+.2f} 平方米，{rel:+.3f} %）</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="406" />
   <source>invalid geometry repaired ({reason}); the drawn ring's parts cancelled out (area {before:.2f} m²), the repaired patch has {after:.2f} m²</source>
   <translation>已修复无效几何（{reason}）；原绘制的环各部分面积相互抵消（面积 {before:.2f} 平方米），修复后图斑面积为 {after:.2f} 平方米</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="63" />
   <location filename="ui/patch_card.py" line="64" />
   <source>issued</source>
   <translation>下发</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="97" />
   <source>issued before as patch #{fid}</source>
   <translation>此前已作为图斑 #{fid} 下发</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="142" />
   <source>it was chosen for this import</source>
   <translation>本次导入指定了该编码</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="110" />
   <source>keep the office value</source>
   <translation>保留内业值</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="171" />
   <source>links to a folder outside the package ({target}); not taken</source>
   <translation>链接到数据包以外的文件夹（{target}），不予采用</translation>
  </message>
  <message>
   <location filename="exchange/crs.py" line="103" />
   <source>longitude/latitude in degrees</source>
   <translation>以度为单位的经纬度</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="91" />
   <source>mapping: {pairs}</source>
   <translation>字段映射：{pairs}</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="136" />
   <source>merged</source>
   <translation>已合并</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="407" />
   <location filename="ui/photo_panel.py" line="386" />
   <source>missing</source>
   <translation>缺失</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="65" />
   <source>new deadline: {date}</source>
   <translation>整改期限 {date}</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="300" />
   <source>no .prj and no geometry to infer the coordinate system from</source>
   <translation>没有 .prj 文件，也没有可用于推断坐标系的几何</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="310" />
   <source>no .prj file: {reason}</source>
   <translation>没有 .prj 文件：{reason}</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="311" />
   <source>no .prj; inferred: {reason}</source>
   <translation>没有 .prj；推断：{reason}</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="214" />
   <source>no GPS position: the photo is attached without a map point</source>
   <translation>没有 GPS 位置：照片已添加，但不在地图上显示</translation>
  </message>
  <message>
   <location filename="ui/imagery_series.py" line="58" />
   <location filename="ui/imagery_series.py" line="206" />
   <source>no date</source>
   <translation>无日期</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="418" />
   <source>no direction</source>
   <translation>无方向</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="131" />
   <source>no file is named</source>
   <translation>未指明文件</translation>
  </message>
  <message>
   <location filename="exchange/mapping.py" line="112" />
   <source>no folder for user profiles is configured</source>
   <translation>未设置用户方案文件夹</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="363" />
   <source>no geometry (null)</source>
   <translation>没有几何（空值）</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="258" />
   <source>no layer named '{name}'</source>
   <translation>没有名为“{name}”的图层</translation>
  </message>
  <message>
   <location filename="exchange/mapping.py" line="108" />
   <source>no mapping profile named '{name}'</source>
   <translation>没有名为“{name}”的映射方案</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="218" />
   <source>no patches in {what}; nothing to export</source>
   <translation>{what}中没有图斑，无可导出</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="219" />
   <source>no shooting direction (GPSImgDirection)</source>
   <translation>没有拍摄方向（GPSImgDirection）</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="221" />
   <source>no shooting time (DateTimeOriginal)</source>
   <translation>没有拍摄时间（DateTimeOriginal）</translation>
  </message>
  <message>
   <location filename="exchange/findings_table.py" line="116" />
   <location filename="exchange/photo_meta.py" line="264" />
   <source>no such file</source>
   <translation>文件不存在</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="206" />
   <location filename="ui/photo_panel.py" line="416" />
   <source>no time</source>
   <translation>无时间</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="254" />
   <source>no vector layer found</source>
   <translation>未找到矢量图层</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="368" />
   <location filename="store/rosters.py" line="492" />
   <source>no zone {zone} in the roster</source>
   <translation>名册中没有片区 {zone}</translation>
  </message>
  <message>
   <location filename="processing/record_clue.py" line="71" />
   <source>none</source>
   <translation>无</translation>
  </message>
  <message>
   <location filename="exchange/findings_table.py" line="45" />
   <source>not a CSV or xlsx file</source>
   <translation>不是 CSV 或 xlsx 文件</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="222" />
   <location filename="exchange/field_package.py" line="292" />
   <source>not a field package: {name} is missing</source>
   <translation>不是外业数据包：缺少 {name}</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="74" />
   <source>not a readable zip archive</source>
   <translation>不是可读取的 zip 压缩包</translation>
  </message>
  <message>
   <location filename="exchange/photo_meta.py" line="269" />
   <source>not an image that can be read ({reason})</source>
   <translation>不是可读取的图像（{reason}）</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="355" />
   <source>not determined</source>
   <translation>未判定</translation>
  </message>
  <message>
   <location filename="exchange/field_binding.py" line="80" />
   <source>not exported with it: {keys}</source>
   <translation>未随其导出：{keys}</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="112" />
   <source>not finished: {n} of {total} photo(s) could not be stored ({error}); the package is not marked imported — remedy that (e.g. free disk space) and import it again to store the rest. {merged} value(s) merged, {conflicts} conflict(s) to decide, {photos} photo(s) added</source>
   <translation>未完成：{total} 张照片中有 {n} 张未能保存（{error}）；数据包未登记为已导入——请排除原因（如腾出磁盘空间）后再次导入，补存其余照片。已合并 {merged} 个值，{conflicts} 个冲突待处理，新增 {photos} 张照片</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="108" />
   <source>not imported (workspace unchanged): {error}</source>
   <translation>未导入（工作空间未改变）：{error}</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="407" />
   <source>not pre-filled yet</source>
   <translation>尚未预填</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="207" />
   <source>not received</source>
   <translation>未接收</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="123" />
   <source>not reviewed</source>
   <translation>未复核</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="185" />
   <location filename="ui/case_registers.py" line="206" />
   <source>not sent</source>
   <translation>未发出</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="208" />
   <location filename="ui/case_registers.py" line="303" />
   <location filename="ui/case_tab.py" line="148" />
   <source>not set</source>
   <translation>未填写</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="526" />
   <location filename="store/conflicts.py" line="244" />
   <source>not split</source>
   <translation>未分割</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="151" />
   <source>not stored (import again)</source>
   <translation>未保存（请再次导入）</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="228" />
   <source>not the manifest of a WPZF field package</source>
   <translation>不是 WPZF 外业数据包的清单</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="70" />
   <source>overdue in {township}: {n}</source>
   <translation>{township}逾期：{n}个</translation>
  </message>
  <message>
   <location filename="exchange/field_binding.py" line="64" />
   <source>package {name} carries no signature of this workspace (written by an earlier WPZF, or the signature was removed); it cannot be merged safely — export a new package</source>
   <translation>数据包 {name} 没有本工作空间的签名（由旧版 WPZF 导出，或签名被删除），无法安全合并——请重新导出数据包</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="493" />
   <source>package {name} would write to patches it does not hold (#{fids}); refused</source>
   <translation>数据包 {name} 将写入不属于它的图斑（#{fids}），已拒绝</translation>
  </message>
  <message>
   <location filename="exchange/field_binding.py" line="69" />
   <source>package {name}: its id {id} was never exported from this workspace; refused</source>
   <translation>数据包 {name}：编号 {id} 从未由本工作空间导出，已拒绝</translation>
  </message>
  <message>
   <location filename="exchange/field_binding.py" line="83" />
   <source>package {name}: its patches are not those exported on {date} ({diff}); refused</source>
   <translation>数据包 {name}：图斑与 {date} 导出的不同（{diff}），已拒绝</translation>
  </message>
  <message>
   <location filename="exchange/field_binding.py" line="89" />
   <source>package {name}: the base values of patch(es) {keys} were changed after the export on {date}; refused</source>
   <translation>数据包 {name}：图斑 {keys} 的基准值在 {date} 导出后被修改，已拒绝</translation>
  </message>
  <message>
   <location filename="exchange/field_binding.py" line="100" />
   <source>package {name}: the manifest does not carry this workspace's signature (changed after the export on {date}, or forged); refused</source>
   <translation>数据包 {name}：清单没有本工作空间的签名（{date} 导出后被修改，或为伪造），已拒绝</translation>
  </message>
  <message>
   <location filename="exchange/field_binding.py" line="95" />
   <source>package {name}: {fields} changed after the export on {date}; refused</source>
   <translation>数据包 {name}：{fields} 在 {date} 导出后被修改，已拒绝</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="265" />
   <source>part {key}-{part} was replaced in the office (the patch was split again); its field values were not merged</source>
   <translation>地块 {key}-{part} 已在内业被替换（图斑已重新分割），其外业值未合并</translation>
  </message>
  <message>
   <location filename="reports/render.py" line="98" />
   <source>patch #{fid} does not exist</source>
   <translation>图斑 #{fid} 不存在</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="260" />
   <location filename="store/cases.py" line="196" />
   <location filename="store/registers.py" line="56" />
   <source>patch #{tbid} does not exist</source>
   <translation>图斑 #{tbid} 不存在</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="190" />
   <source>patch {key} appears more than once in the patch layer; split a patch in the parts layer instead</source>
   <translation>图斑 {key} 在图斑图层中出现多次，请在分割地块图层中分割图斑</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="238" />
   <source>patch {key} has a single part that is not the whole patch; the split was not imported</source>
   <translation>图斑 {key} 只有一个地块且不是整个图斑，分割未导入</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="166" />
   <source>patch {key} is no longer in the workspace; its field values were not merged</source>
   <translation>图斑 {key} 已不在工作空间中，其外业值未合并</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="149" />
   <source>photos added</source>
   <translation>新增照片</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="171" />
   <source>possibly under 95 % (too few reviewed to be sure): {names}</source>
   <translation>可能低于95%（复核数量不足以确定）：{names}</translation>
  </message>
  <message>
   <location filename="reports/docx_export.py" line="43" />
   <source>python-docx is not installed, so no .docx reports were written. Install it with “pip install python-docx” (in QGIS's Python) or, on Debian/Ubuntu, “apt install python3-docx”.</source>
   <translation>未安装 python-docx，未生成 .docx 报告。请用“pip install python-docx”（在 QGIS 的 Python 中）安装，或在 Debian/Ubuntu 上用“apt install python3-docx”安装。</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="184" />
   <source>read as GBK, row {row} field {field} gives unusual characters ('{sample}')</source>
   <translation>按 GBK 读取时，第 {row} 行字段 {field} 出现异常字符（“{sample}”）</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="195" />
   <source>reading the records failed: {error}</source>
   <translation>读取记录失败：{error}</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="56" />
   <source>reason: {text}</source>
   <translation>退回原因：{text}</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="191" />
   <source>record {row} of {total} cannot be read</source>
   <translation>共 {total} 条记录，第 {row} 条无法读取</translation>
  </message>
  <message>
   <location filename="core/audit.py" line="94" />
   <source>record {seq} is damaged: its changes are not valid JSON</source>
   <translation>第 {seq} 条记录已损坏：其改动内容不是有效的 JSON</translation>
  </message>
  <message>
   <location filename="core/audit.py" line="91" />
   <source>record {seq} is missing</source>
   <translation>缺少第 {seq} 条记录</translation>
  </message>
  <message>
   <location filename="core/anchors.py" line="86" />
   <source>record {seq} is not the one written {when}: the audit log was rewritten from that record or before</source>
   <translation>第 {seq} 条记录与 {when} 写入的不同：审计日志自该条或更早的记录起被改写</translation>
  </message>
  <message>
   <location filename="core/anchors.py" line="84" />
   <source>records {first}–{last} are missing: this computer remembers {last} records (last written {when}); the newest records were removed, or this file is an older copy (a restored backup)</source>
   <translation>缺少第 {first}–{last} 条记录：本机留存的日志共 {last} 条（最后写入于 {when}）；最新的记录被删除了，或此文件是较早的副本（从备份恢复）</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="152" />
   <source>rejected</source>
   <translation>已拒绝</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="127" />
   <source>required for 不真实</source>
   <translation>结论为不真实时必填</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="84" />
   <source>result: {result}</source>
   <translation>结果：{result}</translation>
  </message>
  <message>
   <location filename="store/signoff.py" line="244" />
   <source>return number {number} was taken by another return made at the same time; write the return again</source>
   <translation>上报编号 {number} 已被同时进行的另一次上报使用，请重新上报</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="67" />
   <source>returned from above {n} time(s)</source>
   <translation>上级退回{n}次</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="54" />
   <source>reviewed by {who}</source>
   <translation>审核人 {who}</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="567" />
   <source>roster.xlsx</source>
   <translation>名册.xlsx</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="174" />
   <source>roster: {what} {value} is used twice ({a} and {b})</source>
   <translation>名册：{what} {value} 被使用两次（{a} 和 {b}）</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="439" />
   <source>row {row}</source>
   <translation>第 {row} 行</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="187" />
   <source>row {row} field {field} is not valid GBK either</source>
   <translation>第 {row} 行字段 {field} 也不是有效的 GBK</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="187" />
   <source>rule-set year {year} is not plausible</source>
   <translation>规则年度 {year} 不合理</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="264" />
   <source>several layers ({names}); choose one</source>
   <translation>有多个图层（{names}）；请选择一个</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="152" />
   <source>sheet {sheet}</source>
   <translation>工作表 {sheet}</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="86" />
   <source>someone else</source>
   <translation>其他人</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="284" />
   <location filename="store/conflicts.py" line="311" />
   <source>split</source>
   <translation>分割</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="526" />
   <location filename="store/conflicts.py" line="244" />
   <source>split into {n} parts</source>
   <translation>分割为{n}块</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="146" />
   <source>splits</source>
   <translation>分割</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="132" />
   <source>started {started}  finished {finished}</source>
   <translation>开始 {started}  结束 {finished}</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="52" />
   <source>submitted by {who}</source>
   <translation>提交人 {who}</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="107" />
   <source>suggested {value}</source>
   <translation>建议为{value}</translation>
  </message>
  <message>
   <location filename="store/supervision.py" line="75" />
   <source>supervision #{fid} does not exist</source>
   <translation>督办记录 #{fid} 不存在</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="111" />
   <source>take the field value</source>
   <translation>采用外业值</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="445" />
   <source>taken before the patch was issued</source>
   <translation>拍摄时间早于图斑下发时间</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="223" />
   <source>taken on {taken}, before the patch was issued on {issued}</source>
   <translation>拍摄于 {taken}，早于图斑下发时间 {issued}</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="216" />
   <source>taken {distance:.0f} m outside the patch (tolerance {tolerance:.0f} m)</source>
   <translation>拍摄位置在图斑外 {distance:.0f} 米（容差 {tolerance:.0f} 米）</translation>
  </message>
  <message>
   <location filename="store/talks.py" line="131" />
   <source>talk #{fid} does not exist</source>
   <translation>约谈记录 #{fid} 不存在</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="218" />
   <source>text</source>
   <translation>文字</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="176" />
   <source>text decodes as UTF-8 but reads as garbled characters ('{sample}'); the file was probably converted wrongly before — ask the sender for the original or choose the encoding</source>
   <translation>文本可按 UTF-8 解码，但内容是乱码（“{sample}”）；文件可能在此前被错误转换过——请向发送方索取原始文件或手动选择编码</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="192" />
   <source>text is not UTF-8 and reads as GBK Chinese</source>
   <translation>文本不是 UTF-8，按 GBK 读取为正常中文</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="133" />
   <source>text is not valid {codec} although {why}; fix the .cpg or choose the encoding</source>
   <translation>文本不是有效的 {codec}，但{why}；请修正 .cpg 或手动选择编码</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="180" />
   <source>text is valid UTF-8</source>
   <translation>文本为有效的 UTF-8</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="155" />
   <source>the .cpg says {label}</source>
   <translation>.cpg 指定为 {label}</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="162" />
   <source>the DBF language id 0x{ldid:02X} says {codec}</source>
   <translation>DBF 语言标识 0x{ldid:02X} 指定为 {codec}</translation>
  </message>
  <message>
   <location filename="exchange/photo_meta.py" line="330" />
   <source>the GPS position in the file is not valid; ignored</source>
   <translation>文件中的 GPS 位置无效；已忽略</translation>
  </message>
  <message>
   <location filename="exchange/photo_meta.py" line="325" />
   <source>the GPS position is 0°, 0° (the phone had no satellite fix); ignored</source>
   <translation>GPS 位置为 0°, 0°（拍摄时手机未定位）；已忽略</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="505" />
   <source>the areas the batch declares in {field} do not match its geometries: {n} patches measure {ratio:.3g} times their declared area (median), which no unit (亩, 平方米, 公顷) explains; the coordinate system or the area field is wrong</source>
   <translation>批次在 {field} 中申报的面积与图形不符：{n} 个图斑的实测面积是申报面积的 {ratio:.3g} 倍（中位数），任何面积单位（亩、平方米、公顷）都无法解释；坐标系或面积字段有误</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="422" />
   <source>the attachment folder could not be tidied: {error}</source>
   <translation>无法清理附件文件夹：{error}</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="63" />
   <source>the attribute table (.dbf) header is damaged (fields add up to {offset} bytes, the header says {length})</source>
   <translation>属性表（.dbf）文件头已损坏（字段合计 {offset} 字节，文件头记载 {length} 字节）</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="51" />
   <source>the attribute table (.dbf) is empty or truncated</source>
   <translation>属性表（.dbf）为空或不完整</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="243" />
   <source>the attribute table (.dbf) is missing beside the .shp</source>
   <translation>.shp 旁缺少属性表（.dbf）</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="69" />
   <source>the attribute table (.dbf) is truncated: the header announces {n} records but only {have} are present</source>
   <translation>属性表（.dbf）不完整：文件头记载 {n} 条记录，实际只有 {have} 条</translation>
  </message>
  <message>
   <location filename="core/anchors.py" line="82" />
   <source>the audit log was replaced from its first record: this computer remembers a log of {count} records for this workspace (last written {when})</source>
   <translation>审计日志从第一条记录起被整体替换：本机留存的该工作空间日志共 {count} 条（最后写入于 {when}）</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="323" />
   <source>the code of township {township} is empty</source>
   <translation>乡镇 {township} 的代码为空</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="358" />
   <source>the code of village {village} is empty</source>
   <translation>村 {village} 的代码为空</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="182" />
   <source>the column is missing</source>
   <translation>缺少此列</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="394" />
   <source>the commander of zone {zone} is empty</source>
   <translation>片区 {zone} 的指挥长为空</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="294" />
   <source>the coordinate system '{name}' is not recognised; choose it</source>
   <translation>无法识别坐标系“{name}”；请手动选择</translation>
  </message>
  <message>
   <location filename="exchange/crs.py" line="145" />
   <source>the coordinate system says {system} ({words}: x {x0:,.0f} … {x1:,.0f}, y {y0:,.0f} … {y1:,.0f} inside China), but {bad} of {n} patches lie outside that: coordinates ({minx:,.3f}, {miny:,.3f}) – ({maxx:,.3f}, {maxy:,.3f}){would}. The .prj (or the chosen system) is wrong: choose the right one</source>
   <translation>坐标系声明为 {system}（{words}：在中国境内 x 应为 {x0:,.0f} … {x1:,.0f}，y 应为 {y0:,.0f} … {y1:,.0f}），但 {n} 个图斑中有 {bad} 个超出该范围：坐标为 ({minx:,.3f}, {miny:,.3f}) – ({maxx:,.3f}, {maxy:,.3f}){would}。.prj 文件（或所选坐标系）有误，请选择正确的坐标系</translation>
  </message>
  <message>
   <location filename="exchange/photo_meta.py" line="347" />
   <source>the direction is against magnetic north (GPSImgDirectionRef M); it is shown as if against true north (about 5° off in northern China)</source>
   <translation>拍摄方向以磁北为准（GPSImgDirectionRef 为 M），按真北显示（华北地区约相差 5°）</translation>
  </message>
  <message>
   <location filename="exchange/field_project.py" line="350" />
   <source>the field project could not be written: {error}</source>
   <translation>外业工程无法写入：{error}</translation>
  </message>
  <message>
   <location filename="exchange/attachments.py" line="70" />
   <source>the file changed while it was being copied</source>
   <translation>复制过程中文件发生了变化</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="284" />
   <source>the file has no .prj: the coordinate system {system} was inferred from the coordinates; check that the patches lie where they should</source>
   <translation>文件没有 .prj：坐标系 {system} 是根据坐标推断的，请核对图斑位置是否正确</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="294" />
   <source>the file has no field {sources} for {alias} ({code}), required by mapping profile '{profile}'</source>
   <translation>文件中没有映射方案“{profile}”要求的 {alias}（{code}）字段 {sources}</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="303" />
   <source>the file has no records</source>
   <translation>文件中没有记录</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="234" />
   <source>the file is empty (0 bytes)</source>
   <translation>文件为空（0 字节）</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="447" />
   <source>the file is missing: {path}</source>
   <translation>文件缺失：{path}</translation>
  </message>
  <message>
   <location filename="exchange/reference_layers.py" line="255" />
   <source>the file is not a WPZF workspace (it has no patches table)</source>
   <translation>该文件不是 WPZF 工作空间（没有图斑表）</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="214" />
   <source>the folder is not empty; choose a new folder for the package</source>
   <translation>文件夹不为空，请为数据包选择一个新文件夹</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="361" />
   <source>the geometry bytes cannot be read</source>
   <translation>几何数据无法读取</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="188" />
   <source>the imagery could not be clipped</source>
   <translation>影像无法裁剪</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="285" />
   <source>the imagery was not included: {error}</source>
   <translation>未包含影像：{error}</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="406" />
   <location filename="exchange/findings_table.py" line="103" />
   <source>the import failed and nothing was written: {error}</source>
   <translation>导入失败，未写入任何内容：{error}</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="245" />
   <source>the index file (.shx) is missing beside the .shp; copy all files of the shapefile</source>
   <translation>.shp 旁缺少索引文件（.shx）；请复制 shapefile 的全部文件</translation>
  </message>
  <message>
   <location filename="exchange/parcel_readers.py" line="165" />
   <source>the layer cannot be read</source>
   <translation>无法读取该图层</translation>
  </message>
  <message>
   <location filename="exchange/reference_layers.py" line="66" />
   <location filename="exchange/reference_layers.py" line="375" />
   <location filename="exchange/reference_layers.py" line="417" />
   <source>the layer cannot be read (moved, deleted, or the database is not reachable); register it again</source>
   <translation>无法读取该图层（已移动、已删除或无法连接数据库），请重新登记</translation>
  </message>
  <message>
   <location filename="exchange/reference_layers.py" line="69" />
   <source>the layer has no coordinate reference system; set it in QGIS (Layer Properties → Source) before using it as reference data</source>
   <translation>该图层没有坐标参照系，请先在 QGIS 中设置（图层属性 → 源），再作为参考数据使用</translation>
  </message>
  <message>
   <location filename="exchange/parcel_readers.py" line="169" />
   <source>the layer has no field {field} (for {role})</source>
   <translation>图层中没有字段 {field}（用于 {role}）</translation>
  </message>
  <message>
   <location filename="exchange/reference_layers.py" line="76" />
   <source>the layer has no field {field} any more (mapped to {attribute} of {kind}); register the layer again with its current fields</source>
   <translation>图层中已没有字段 {field}（对应{kind}的“{attribute}”），请按图层现有字段重新登记</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="317" />
   <source>the layer {layer} is missing</source>
   <translation>缺少图层 {layer}</translation>
  </message>
  <message>
   <location filename="core/audit.py" line="92" />
   <source>the link to the previous record is broken</source>
   <translation>与上一条记录的链接已断开</translation>
  </message>
  <message>
   <location filename="core/audit.py" line="95" />
   <source>the log ends at record {n} but {count} were written</source>
   <translation>日志止于第 {n} 条记录，但曾写入 {count} 条</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="234" />
   <source>the manifest has no base records</source>
   <translation>清单中没有基准记录</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="272" />
   <source>the name is empty</source>
   <translation>姓名为空</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="338" />
   <source>the office photo of patch {key} is missing from the attachments; not included</source>
   <translation>图斑 {key} 的内业照片在附件文件夹中缺失，未随包带上</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="200" />
   <source>the outline of patch {key} was changed in the field; the office's outline is kept</source>
   <translation>图斑 {key} 的边界在外业被修改，保留内业边界</translation>
  </message>
  <message>
   <location filename="exchange/field_split.py" line="75" />
   <source>the parts drawn in the field do not cut the patch in two or more parts</source>
   <translation>外业绘制的地块未将图斑分为两块或以上</translation>
  </message>
  <message>
   <location filename="exchange/field_split.py" line="81" />
   <source>the parts drawn in the field leave {area:.1f} m² of the patch uncovered</source>
   <translation>外业绘制的地块留下 {area:.1f} 平方米未覆盖</translation>
  </message>
  <message>
   <location filename="core/audit.py" line="93" />
   <source>the record was altered after it was written</source>
   <translation>该记录写入后被改动过</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="192" />
   <source>the records cannot be read</source>
   <translation>无法读取记录</translation>
  </message>
  <message>
   <location filename="exchange/field_project.py" line="298" />
   <source>the relation {name} of the field project is not valid</source>
   <translation>外业工程的关联 {name} 无效</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="252" />
   <location filename="exchange/merge_record.py" line="20" />
   <source>the report could not be saved: {error}</source>
   <translation>报告无法保存：{error}</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="321" />
   <source>the same photo as {other} in this selection</source>
   <translation>与本次所选的 {other} 是同一张照片</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="217" />
   <source>the selection</source>
   <translation>所选图斑</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="240" />
   <source>the shapefile is empty or truncated (no 100-byte header)</source>
   <translation>shapefile 为空或不完整（缺少 100 字节文件头）</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="176" />
   <source>the sheet is missing</source>
   <translation>缺少此工作表</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="298" />
   <source>the split of patch {key} was not imported: {error}</source>
   <translation>图斑 {key} 的分割未导入：{error}</translation>
  </message>
  <message>
   <location filename="exchange/findings_table.py" line="141" />
   <source>the table has no fact column (by code or Chinese name)</source>
   <translation>表格没有核查事实列（代码或中文名）</translation>
  </message>
  <message>
   <location filename="exchange/findings_table.py" line="126" />
   <source>the table has no 监测编号 (JCBH) column</source>
   <translation>表格没有监测编号（JCBH）列</translation>
  </message>
  <message>
   <location filename="exchange/findings_table.py" line="54" />
   <source>the text is neither UTF-8 nor GBK</source>
   <translation>文本既不是 UTF-8 也不是 GBK</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="320" />
   <source>the township is empty</source>
   <translation>乡镇为空</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="355" />
   <source>the village name is empty</source>
   <translation>村名称为空</translation>
  </message>
  <message>
   <location filename="exchange/findings_table.py" line="42" />
   <source>the workbook has no sheet</source>
   <translation>工作簿没有工作表</translation>
  </message>
  <message>
   <location filename="store/errors.py" line="73" />
   <source>the workspace</source>
   <translation>工作空间</translation>
  </message>
  <message>
   <location filename="exchange/reference_layers.py" line="246" />
   <source>the workspace of the earlier year is not there any more (moved or deleted); register it again</source>
   <translation>以前年度的工作空间已不在原处（已移动或已删除），请重新登记</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="70" />
   <source>the zip contains a path that leaves its folder: {name}</source>
   <translation>压缩包中含有指向包外的路径：{name}</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="78" />
   <source>the zip holds no shapefile, GeoPackage or FileGDB</source>
   <translation>压缩包中没有 shapefile、GeoPackage 或 FileGDB</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="81" />
   <source>the zip holds several datasets ({names}); unpack it and import one at a time</source>
   <translation>压缩包中有多个数据集（{names}）；请解压后逐个导入</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="386" />
   <source>the zone name is empty</source>
   <translation>片区名称为空</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="361" />
   <source>the 包保 leader of village {village} is empty</source>
   <translation>村 {village} 的包保领导为空</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="189" />
   <location filename="store/batches.py" line="25" />
   <source>there is no rule set for rule-set year {year}; choose one of {years}</source>
   <translation>没有 {year} 年度的判定规则；请从 {years} 中选择</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="267" />
   <source>this file was already imported as batch '{code}' on {date}; nothing is imported twice</source>
   <translation>该文件已于 {date} 作为批次“{code}”导入；不会重复导入</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="440" />
   <source>this package was exported from another workspace ({location}); import it there</source>
   <translation>此数据包导出自另一个工作空间（{location}），请在那里导入</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="110" />
   <source>this package was imported before; nothing changed</source>
   <translation>此数据包已导入过，未作任何更改</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="537" />
   <location filename="exchange/photos.py" line="265" />
   <source>this workspace has no folder for attachments</source>
   <translation>此工作空间没有附件文件夹</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="334" />
   <source>township</source>
   <translation>乡镇</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="326" />
   <source>township code {code} is {name} in row {row}</source>
   <translation>乡镇代码 {code} 在第 {row} 行对应 {name}</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="217" />
   <source>township {name}</source>
   <translation>乡镇 {name}</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="330" />
   <source>township {name} has the code {code} in row {row}</source>
   <translation>乡镇 {name} 在第 {row} 行的代码为 {code}</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="109" />
   <source>undecided</source>
   <translation>未决定</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="185" />
   <source>undecided (see the report)</source>
   <translation>待定（见问责测算报告）</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="169" />
   <source>under 95 % for sure: {names}</source>
   <translation>确定低于95%：{names}</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="427" />
   <location filename="ui/photo_panel.py" line="430" />
   <source>unknown</source>
   <translation>未知</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="154" />
   <source>unknown code page '{label}' in the .cpg file</source>
   <translation>.cpg 文件中的代码页“{label}”无法识别</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="184" />
   <source>unknown column; the sheet has the columns {columns}</source>
   <translation>未知列；此工作表的列为 {columns}</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="219" />
   <source>unknown item {item}; the items are {items}</source>
   <translation>未知项目 {item}；可用项目为 {items}</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="169" />
   <source>unknown sheet {sheet}; a roster workbook has the sheets {sheets}</source>
   <translation>未知工作表 {sheet}；名册工作簿应包含工作表 {sheets}</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="121" />
   <source>verify by {date}</source>
   <translation>核查截止 {date}</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="363" />
   <source>village</source>
   <translation>村</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="319" />
   <source>village {village} without township</source>
   <translation>村 {village} 未填写所属乡镇</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="152" />
   <location filename="exchange/field_reports.py" line="43" />
   <location filename="exchange/importer.py" line="92" />
   <source>warnings</source>
   <translation>警告</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="100" />
   <source>what-if</source>
   <translation>假设</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="184" />
   <source>within the accountability scope</source>
   <translation>纳入问责范围</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="230" />
   <source>written by a newer WPZF (package format {version}); update the plugin</source>
   <translation>由更新版本的 WPZF 写入（数据包格式 {version}），请升级插件</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="173" />
   <source>zone name</source>
   <translation>片区名称</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="174" />
   <source>{added} photo(s) added, {duplicates} already there, {errors} not readable, {warnings} warning(s)</source>
   <translation>添加照片 {added} 张，已存在 {duplicates} 张，无法读取 {errors} 个，警告 {warnings} 条</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="67" />
   <source>{changed} deadlines changed; {overdue} open patches overdue, {soon} due within {days} days</source>
   <translation>更新{changed}个截止日期；{overdue}个未完成图斑已逾期，{soon}个将在{days}天内到期</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="49" />
   <source>{date} (overdue by {n} days)</source>
   <translation>{date}（已逾期 {n} 天）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="47" />
   <source>{date} (reviewed)</source>
   <translation>{date}（已核查）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="50" />
   <source>{date} ({n} days left)</source>
   <translation>{date}（剩余 {n} 天）</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="246" />
   <source>{department} is registered already: edit its line.</source>
   <translation>{department}已登记，请修改其登记记录。</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="443" />
   <source>{distance:.0f} m outside the patch</source>
   <translation>在图斑外 {distance:.0f} 米</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="410" />
   <source>{fact}: correcting the value the data gives needs a reason</source>
   <translation>{fact}：修正数据给出的值须说明理由</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="424" />
   <source>{fact}: must not be negative</source>
   <translation>{fact}：不能为负数</translation>
  </message>
  <message>
   <location filename="ui/county_profile_dialog.py" line="110" />
   <source>{fact}: the basis is required</source>
   <translation>{fact}：必须填写依据</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="421" />
   <source>{fact}: {date} is in the future</source>
   <translation>{fact}：{date} 晚于今天</translation>
  </message>
  <message>
   <location filename="store/faults.py" line="40" />
   <source>{file} cannot be written (read-only file or folder, a read-only share or a zip): nothing was saved. Copy the workspace to a folder you may write to and open the copy.</source>
   <translation>{file} 无法写入（文件或文件夹只读、只读共享或压缩包内）：没有保存任何内容。请把工作空间复制到可写的文件夹并打开副本。</translation>
  </message>
  <message>
   <location filename="store/faults.py" line="43" />
   <source>{file} is being written by another program (another QGIS, an edit session on its layers, a backup or sync tool): nothing was saved. Close the other edit session and do it again.</source>
   <translation>{file} 正被其他程序写入（另一个 QGIS、对其图层的编辑会话、备份或同步工具）：没有保存任何内容。请结束其他编辑后重做。</translation>
  </message>
  <message>
   <location filename="store/faults.py" line="47" />
   <source>{file} is damaged ({detail}). Open your latest backup copy of the workspace; 校验审计日志 on it tells whether anything recorded since is missing.</source>
   <translation>{file} 已损坏（{detail}）。请打开工作空间最近的备份副本；对其“校验审计日志”可查明此后记录的内容是否缺失。</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="151" />
   <source>{file}, sheet {sheet}</source>
   <translation>{file}，工作表 {sheet}</translation>
  </message>
  <message>
   <location filename="reports/staged.py" line="84" />
   <source>{file}: could not be replaced ({error}); the folder is left as it was before this export — close the file if another program has it open, and export again.</source>
   <translation>{file}：无法替换（{error}）；文件夹已恢复为本次导出之前的样子。如该文件正被其他程序打开，请关闭后重新导出。</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="558" />
   <source>{first} (and {n} more)</source>
   <translation>{first}（另有 {n} 条）</translation>
  </message>
  <message>
   <location filename="exchange/return_export.py" line="368" />
   <source>{folder}: a thousand return folders of this batch and second are there already; choose another folder</source>
   <translation>{folder}：该批次同一时刻的上报文件夹已有上千个，请换一个文件夹</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="230" />
   <source>{item} is empty</source>
   <translation>{item}为空</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="223" />
   <source>{item} is given twice (also row {row})</source>
   <translation>{item} 重复填写（另见第 {row} 行）</translation>
  </message>
  <message>
   <location filename="store/reference.py" line="106" />
   <source>{kind} has no attribute {attribute}.</source>
   <translation>{kind}没有属性 {attribute}。</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="498" />
   <source>{layers} layer(s), {units} patches and parts: {n} suggestion(s) to confirm in the findings tab ({seconds:.1f} s).</source>
   <translation>{layers}个图层，{units}个图斑和分割地块：{n}条建议待在核查事实页确认（{seconds:.1f} 秒）。</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="177" />
   <source>{layers} layer(s), {units} patches and parts: {n} suggestion(s); {accepted} accepted ({seconds:.1f} s)</source>
   <translation>{layers}个图层，{units}个图斑和分割地块：{n}条建议，采纳{accepted}条（{seconds:.1f} 秒）</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="89" />
   <source>{layer}, feature {fid}</source>
   <translation>{layer}第{fid}号要素</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="60" />
   <source>{level} review: {verdict}</source>
   <translation>{level}审核：{verdict}</translation>
  </message>
  <message>
   <location filename="store/people.py" line="65" />
   <source>{login}: a name of at most {n} characters</source>
   <translation>{login}：姓名不能超过{n}个字</translation>
  </message>
  <message>
   <location filename="store/people.py" line="67" />
   <source>{login}: the name holds a control character</source>
   <translation>{login}：姓名含有控制字符</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="117" />
   <source>{merged} value(s) merged, {conflicts} conflict(s) to decide, {splits} split(s), {photos} photo(s) added, {rejected} item(s) rejected</source>
   <translation>合并 {merged} 个值，待处理冲突 {conflicts} 个，分割 {splits} 个，新增照片 {photos} 张，拒绝 {rejected} 项</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="77" />
   <source>{mu} mu (ellipsoidal); issued {issued} mu</source>
   <translation>{mu} 亩（椭球面积）；下发 {issued} 亩</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="293" />
   <source>{name} added, but the check character of the ID number is wrong: please check it.</source>
   <translation>已添加{name}，但证件号码校验位错误，请核对。</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="296" />
   <source>{name} added.</source>
   <translation>已添加{name}。</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="123" />
   <source>{name} has no field {fields}</source>
   <translation>{name} 没有字段 {fields}</translation>
  </message>
  <message>
   <location filename="processing/prefill_reference.py" line="117" />
   <source>{name} is a temporary layer: save it to a file first, so that the workspace can open it again.</source>
   <translation>{name} 是临时图层：请先保存为文件，以便工作空间以后能再次打开它。</translation>
  </message>
  <message>
   <location filename="store/county_profile.py" line="114" />
   <source>{name} is not a county-wide fact; it is answered patch by patch</source>
   <translation>{name}不是全县一致的事实，应逐图斑填写</translation>
  </message>
  <message>
   <location filename="reports/atlas_layers.py" line="93" />
   <source>{name} is not a raster layer</source>
   <translation>{name} 不是栅格图层</translation>
  </message>
  <message>
   <location filename="reports/atlas_layers.py" line="109" />
   <source>{name} is not a vector layer</source>
   <translation>{name} 不是矢量图层</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="367" />
   <source>{name} was copied while QField (or QGIS) still had it open: it is in WAL mode and its latest edits are in {wal}, which is not in the package. Copy {name} together with {wal} (and {shm}) from the device, or close the project in QField first and copy {name} again</source>
   <translation>{name} 是在 QField（或 QGIS）仍打开它时拷贝的：它处于 WAL 模式，最新的修改在 {wal} 中，而数据包里没有这个文件。请从设备上把 {name} 与 {wal}（以及 {shm}）一起拷贝过来，或者先在 QField 中关闭工程，再重新拷贝 {name}</translation>
  </message>
  <message>
   <location filename="store/county_profile.py" line="123" />
   <source>{name}: a county-wide answer needs its basis (the document or decision it rests on)</source>
   <translation>{name}：县情设置须写明依据（所依据的文件或决定）</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="186" />
   <source>{name}: illegal use of cultivated land {num:.2f} mu of {den:.2f} mu new construction = {ratio} (thresholds {area} mu and {limit:.0f} %) → {verdict}</source>
   <translation>{name}：违法占用耕地{num:.2f}亩 / 新增建设用地占用耕地{den:.2f}亩 = {ratio}（标准：{area}亩且{limit:.0f}%）→ {verdict}</translation>
  </message>
  <message>
   <location filename="store/county_profile.py" line="119" />
   <source>{name}: “{value}” is not a valid answer</source>
   <translation>{name}：“{value}”不是有效的取值</translation>
  </message>
  <message>
   <location filename="processing/export_return.py" line="48" />
   <location filename="ui/signoff.py" line="219" />
   <source>{number}: {patches} patches, {photos} photos in {folder}</source>
   <translation>{number}：{patches}个图斑、{photos}张照片，位于 {folder}</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="154" />
   <source>{n} change(s) were made outside WPZF (e.g. in the attribute table or with another program) and are not in the audit log:</source>
   <translation>有 {n} 处改动是在 WPZF 之外（如属性表或其他程序）做出的，审计日志中没有记录：</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="427" />
   <source>{n} confirmed (sources on record)</source>
   <translation>已确认 {n} 项（来源可查）</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="89" />
   <source>{n} deadlines changed.</source>
   <translation>已更新{n}个截止日期。</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="424" />
   <source>{n} file(s) left by an interrupted import without a record were removed</source>
   <translation>已删除中断的导入留下的 {n} 个无记录文件</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="86" />
   <location filename="processing/export_reports.py" line="89" />
   <location filename="ui/dock_exports.py" line="151" />
   <source>{n} files written to {folder}</source>
   <translation>已写出 {n} 个文件到 {folder}</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="88" />
   <source>{n} of {pages} pages have no imagery (无影像)</source>
   <translation>{pages}页中有{n}页无影像</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="126" />
   <source>{n} open conflict(s): facts changed both in the office and in the field since the package was exported. Choose per row which value stands, then apply.</source>
   <translation>{n} 个待处理冲突：数据包导出后内业和外业都修改了这些事实。请逐行选择采用哪个值，然后应用。</translation>
  </message>
  <message>
   <location filename="reports/export.py" line="186" />
   <source>{n} patch(es) have no 6-digit region code (行政区代码 XZQDM), e.g. {keys}: the 附件5 accountability table and the half-year and annual reports were not written; everything else was. Fill XZQDM (map the batch's region-code field when importing) and export again.</source>
   <translation>有 {n} 个图斑没有6位行政区代码（XZQDM），如 {keys}：附件5问责测算表及半年、年度报告未生成，其余报表均已生成。请补全行政区代码（导入时映射批次的行政区代码字段）后重新导出。</translation>
  </message>
  <message>
   <location filename="ui/dock_exports.py" line="109" />
   <source>{n} patches</source>
   <translation>{n}个图斑</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="117" />
   <source>{n} patches drawn from {towns} townships. Filter the queue by 'Sampled for review' to step through them.</source>
   <translation>已从{towns}个乡镇抽取{n}个图斑。在列表中筛选“抽样复核”即可逐个复核。</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="283" />
   <source>{n} photo(s)</source>
   <translation>照片 {n} 张</translation>
  </message>
  <message>
   <location filename="reports/export.py" line="132" />
   <source>{n} record forms (核查记录表) in {files} PDF files, one per batch and township (at most {size} forms each), with a bookmark per 监测编号.</source>
   <translation>{n} 份核查记录表，分为 {files} 个 PDF 文件（按批次和乡镇，每个最多 {size} 份），每个监测编号一个书签。</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="140" />
   <source>{n} unit(s) done.</source>
   <translation>已处理{n}个认定单元。</translation>
  </message>
  <message>
   <location filename="ui/signoff.py" line="249" />
   <source>{n} unit(s) marked 需重新上报.</source>
   <translation>已将{n}个认定单元标记为需重新上报。</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="285" />
   <source>{n} with a warning</source>
   <translation>其中 {n} 张有警告</translation>
  </message>
  <message>
   <location filename="ui/case_registers.py" line="306" />
   <source>{old} → {new}, requested {date}</source>
   <translation>{old} → {new}，申请日期{date}</translation>
  </message>
  <message>
   <location filename="exchange/mapping.py" line="69" />
   <source>{origin}: '{code}' is not a workspace field an import can fill (known: {known})</source>
   <translation>{origin}：“{code}”不是导入可填写的工作空间字段（可用：{known}）</translation>
  </message>
  <message>
   <location filename="exchange/mapping.py" line="65" />
   <source>{origin}: a mapping profile needs a 'targets' object</source>
   <translation>{origin}：映射方案需要“targets”对象</translation>
  </message>
  <message>
   <location filename="exchange/mapping.py" line="63" />
   <source>{origin}: not valid JSON ({error})</source>
   <translation>{origin}：不是有效的 JSON（{error}）</translation>
  </message>
  <message>
   <location filename="exchange/mapping.py" line="75" />
   <source>{origin}: target '{code}' needs a list of source field names</source>
   <translation>{origin}：目标字段“{code}”需要来源字段名列表</translation>
  </message>
  <message>
   <location filename="exchange/mapping.py" line="80" />
   <source>{origin}: the profile must map 监测编号 (JCBH)</source>
   <translation>{origin}：方案必须映射监测编号（JCBH）</translation>
  </message>
  <message>
   <location filename="exchange/field_reports.py" line="40" />
   <source>{patches} patch(es), {parts} part(s) for {verifier} in {folder}</source>
   <translation>{patches} 个图斑、{parts} 个地块，核查人员 {verifier}，位于 {folder}</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="143" />
   <source>{path} cannot be resolved</source>
   <translation>{path} 无法解析</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="135" />
   <source>{path} is an absolute path; only files inside the package are taken</source>
   <translation>{path} 是绝对路径，只采用数据包内的文件</translation>
  </message>
  <message>
   <location filename="ui/reference_dialog.py" line="269" />
   <source>{path} is not a layer QGIS can read.</source>
   <translation>{path} 不是 QGIS 能读取的图层。</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="276" />
   <source>{path} is not a print layout template</source>
   <translation>{path} 不是打印布局模板</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="148" />
   <source>{path} is not in the package</source>
   <translation>{path} 不在数据包中</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="137" />
   <source>{path} leaves the package folder; only files inside the package are taken</source>
   <translation>{path} 超出数据包文件夹，只采用数据包内的文件</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="145" />
   <source>{path} links to a file outside the package ({target}); only files inside the package are taken</source>
   <translation>{path} 链接到数据包以外的文件（{target}），只采用数据包内的文件</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="92" />
   <source>{read} land-survey parcels read ({kind}); overlay {overlay:.1f} s, of it reading {reading:.1f} s</source>
   <translation>已读取国土调查图斑 {read} 个（{kind}）；叠加分析 {overlay:.1f} 秒，其中读取 {reading:.1f} 秒</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="474" />
   <source>{shown} of {total} patches shown; {done} of them reviewed</source>
   <translation>显示 {shown} / 共 {total} 个图斑；其中已核查 {done} 个</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="473" />
   <source>{shown}/{total}, {done} reviewed</source>
   <translation>{shown}/{total}，已核查 {done}</translation>
  </message>
  <message>
   <location filename="exchange/attachments.py" line="109" />
   <source>{size:.1f} MB is larger than a photo may be ({limit:g} MB); not taken</source>
   <translation>{size:.1f} MB，超过照片大小上限（{limit:g} MB），不予采用</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="168" />
   <source>{table} record {row} was added without an audit record</source>
   <translation>{table} 第 {row} 号记录是绕过审计新增的</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="169" />
   <source>{table} record {row} was deleted without an audit record</source>
   <translation>{table} 第 {row} 号记录是绕过审计删除的</translation>
  </message>
  <message>
   <location filename="ui/dock_county.py" line="174" />
   <source>{table} record {row}, {field}: recorded {audited}, now {actual}</source>
   <translation>{table} 第 {row} 号记录的“{field}”：审计记录为 {audited}，现为 {actual}</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="217" />
   <source>{table}: expected one row of 类别 县, found {n}</source>
   <translation>{table}：类别为“县”的记录应有 1 条，实有 {n} 条</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="245" />
   <source>{table}: more than one 联络人 (contact) of the office</source>
   <translation>{table}：办公室联络人多于一名</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="101" />
   <source>{units} patches/parts measured; {uncovered} not wholly covered by the survey</source>
   <translation>已计算 {units} 个图斑/地块；{uncovered} 个未被三调完全覆盖</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="263" />
   <source>{value} is not a body; write {choices}</source>
   <translation>{value} 不是有效机构；请填写 {choices}</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="267" />
   <source>{value} is not a role in {body}; write {choices}</source>
   <translation>{value} 不是{body}的职务类别；请填写 {choices}</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="91" />
   <source>{what} was saved by {who} after you opened it.</source>
   <translation>{what}在您打开后已由{who}保存。</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="88" />
   <source>{what} was saved by {who} at {when} after you opened it.</source>
   <translation>{what}在您打开后已由{who}于{when}保存。</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="32" />
   <source>{what}: '{value}' is not a date like 2021-05-06</source>
   <translation>{what}：“{value}”不是 2021-05-06 格式的日期</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="80" />
   <source>{where}, column {column}</source>
   <translation>{where}，{column} 列</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="78" />
   <source>{where}, row {row}</source>
   <translation>{where}，第 {row} 行</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="193" />
   <source>{where}: the file is truncated or damaged{detail}; ask for the batch again</source>
   <translation>{where}：文件不完整或已损坏{detail}，请重新索取该批次数据</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="265" />
   <source>{where}: township {code} has more than one 专人</source>
   <translation>{where}：乡镇 {code} 有多名盯办专人</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="222" />
   <source>{where}: unknown 类别 (LB) {value}</source>
   <translation>{where}：未知类别（LB）{value}</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="279" />
   <source>{where}: village {name} belongs to township {code}, which is not in the roster</source>
   <translation>{where}：村 {name} 所属乡镇 {code} 不在名册中</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="233" />
   <source>{where}: {role} is not a role in {body}</source>
   <translation>{where}：{role} 不是 {body} 的职务类别</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="252" />
   <source>{where}: 上级代码 (SJDM) {value} is neither {group} nor {office}</source>
   <translation>{where}：上级代码（SJDM）{value} 既不是 {group} 也不是 {office}</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="283" />
   <source>{where}: 专人 {name} belongs to township {code}, which is not in the roster</source>
   <translation>{where}：盯办专人 {name} 所属乡镇 {code} 不在名册中</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="188" />
   <source>{where}: 备注 (BZ) is not a JSON object</source>
   <translation>{where}：备注（BZ）不是 JSON 对象</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="186" />
   <source>{where}: 备注 (BZ) is not valid JSON: {error}</source>
   <translation>{where}：备注（BZ）不是有效的 JSON：{error}</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="75" />
   <source>{zone}: commander {commander}; units {units}</source>
   <translation>{zone}：指挥长{commander}；责任单位{units}</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="95" />
   <location filename="exchange/findings_table.py" line="182" />
   <source>“{value}” is not a valid value of {alias}</source>
   <translation>“{value}”不是{alias}的有效值</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="67" />
   <location filename="ui/dock_county.py" line="153" />
   <source>… and {n} more</source>
   <translation>……另有 {n} 处</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="335" />
   <source>… and {n} more bad values</source>
   <translation>……另有 {n} 个错误值</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="458" />
   <source>ⓘ {n} note(s)</source>
   <translation>ⓘ 提示{n}条</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="234" />
   <source>年度 {value} is not a year</source>
   <translation>年度 {value} 不是有效年份</translation>
  </message>
  <message>
   <location filename="ui/suggestions_panel.py" line="269" />
   <source>按实际占地分割认定: one part inside the approval's red line, one outside</source>
   <translation>按实际占地分割认定：分为批准红线内、红线外两部分</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="246" />
   <source>来源 is not a JSON object</source>
   <translation>来源不是 JSON 对象</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="85" />
   <source>监测编号 (JCBH) must be mapped to a source field.</source>
   <translation>监测编号（JCBH）必须映射到来源字段。</translation>
  </message>
  <message>
   <location filename="exchange/findings_table.py" line="154" />
   <location filename="exchange/importer.py" line="342" />
   <source>监测编号 is empty</source>
   <translation>监测编号为空</translation>
  </message>
  <message>
   <location filename="exchange/findings_table.py" line="170" />
   <source>监测编号 {key} appears twice in the table (also row {row})</source>
   <translation>监测编号 {key} 在表中出现两次（另见第 {row} 行）</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="344" />
   <source>监测编号 {key} appears twice in this batch (also row {row})</source>
   <translation>监测编号 {key} 在本批次中重复出现（另见第 {row} 行）</translation>
  </message>
  <message>
   <location filename="exchange/findings_table.py" line="162" />
   <source>监测编号 {key} is not in the workspace</source>
   <translation>监测编号 {key} 不在工作空间中</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="432" />
   <source>监测编号 {key} was issued before (batch {batch}); kept as a re-issue linked to the earlier patch</source>
   <translation>监测编号 {key} 此前已下发（批次 {batch}）；作为重复下发保留，并关联到原图斑</translation>
  </message>
  <message>
   <location filename="exchange/findings_table.py" line="167" />
   <source>监测编号 {key} was issued in {n} batches; the latest ({batch}) was used</source>
   <translation>监测编号 {key} 在 {n} 个批次中下发，采用最新批次（{batch}）</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="40" />
   <source>省级: claimed within days</source>
   <translation>省级：认领期限（天）</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="41" />
   <source>省级: verified within days</source>
   <translation>省级：核查期限（天）</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="38" />
   <source>部级: city review by this day of the next month</source>
   <translation>部级：次月市级审核截止日</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="37" />
   <source>部级: verified by this day of the next month</source>
   <translation>部级：次月核查截止日</translation>
  </message>
 </context>
</TS>
