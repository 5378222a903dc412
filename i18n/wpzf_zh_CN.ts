<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
 <context>
  <name>wpzf</name>
  <message>
   <location filename="exchange/field_package.py" line="427" />
   <source>  - {key} {label}: office {office} ({office_by}, {office_at}) / field {field} ({field_by}, {field_at})</source>
   <translation>  - {key} {label}：内业 {office}（{office_by}，{office_at}）/ 外业 {field}（{field_by}，{field_at}）</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="434" />
   <source>  - {key}: split into {n} parts</source>
   <translation>  - {key}：分割为{n}块</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="276" />
   <source> — EPSG:{epsg} is not a CGCS2000 system; reprojected to EPSG:4490</source>
   <translation> — EPSG:{epsg} 不是 CGCS2000 坐标系，已转换到 EPSG:4490</translation>
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
   <location filename="exchange/importer.py" line="128" />
   <location filename="exchange/importer.py" line="133" />
   <source>'{value}' is not a date (expected e.g. 2021-05-06)</source>
   <translation>“{value}”不是日期（应为 2021-05-06 这样的格式）</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="161" />
   <source>'{value}' is not a number</source>
   <translation>“{value}”不是数字</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="93" />
   <source>(now version {version})</source>
   <translation>（当前版本 {version}）</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="134" />
   <source>({n} patches still 待定)</source>
   <translation>（另有{n}个图斑待定）</translation>
  </message>
  <message>
   <location filename="exchange/crs.py" line="80" />
   <source>3° zone without number; centre longitude {lon:.3f} in the attributes gives 中央经线 {cm}°E</source>
   <translation>3度带坐标不带带号；属性中的中心点经度 {lon:.3f} 确定中央经线为 {cm}°E</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="109" />
   <source>; city review by {date}</source>
   <translation>；市级审核截止 {date}</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="111" />
   <source>; claim by {date}</source>
   <translation>；认领截止 {date}</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="110" />
   <source>A sample named {name} exists already; a drawn sample is never drawn again.</source>
   <translation>名为{name}的抽样已存在；已抽取的样本不会重新抽取。</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="501" />
   <source>A second map beside the main one showing 'before', in step with it</source>
   <translation>在主地图旁显示前时相影像的第二地图，与主地图同步</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="137" />
   <location filename="ui/case_tab.py" line="960" />
   <source>A 不真实 verdict needs a note.</source>
   <translation>复核结论为不真实时须填写说明。</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="124" />
   <source>Accountability cannot be computed: {error}</source>
   <translation>无法计算问责指标：{error}</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="62" />
   <source>Accountability figures (附件5)</source>
   <translation>问责测算（附件5）</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="87" />
   <source>Accountability table</source>
   <translation>问责测算表</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="403" />
   <source>Add</source>
   <translation>添加</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="333" />
   <source>Add a folder of photos</source>
   <translation>添加照片文件夹</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="174" />
   <source>Add folder…</source>
   <translation>添加文件夹…</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="138" />
   <source>Add measure</source>
   <translation>添加整改措施</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="345" />
   <source>Add measure…</source>
   <translation>添加整改措施…</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="324" />
   <source>Add photos</source>
   <translation>添加照片</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="172" />
   <source>Add photos…</source>
   <translation>添加照片…</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="327" />
   <source>Add row</source>
   <translation>添加行</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="392" />
   <source>Add violator</source>
   <translation>添加违法主体</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="289" />
   <source>Added by {user}</source>
   <translation>添加人：{user}</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="355" />
   <source>Adding {n} photos…</source>
   <translation>正在添加 {n} 张照片…</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="490" />
   <source>After</source>
   <translation>后时相</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="46" />
   <source>After imagery</source>
   <translation>后时相影像</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="150" />
   <source>All batches</source>
   <translation>全部批次</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="154" />
   <source>All determinations</source>
   <translation>全部判定类型</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="41" />
   <location filename="ui/photo_panel.py" line="325" />
   <source>All files</source>
   <translation>所有文件</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="116" />
   <source>All levels</source>
   <translation>全部级别</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="117" />
   <source>All statuses</source>
   <translation>全部状态</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="151" />
   <source>All townships</source>
   <translation>全部乡镇</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="152" />
   <source>All villages</source>
   <translation>全部村</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="155" />
   <source>All 包保 leaders</source>
   <translation>全部包保领导</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="34" />
   <source>Also one record form per patch</source>
   <translation>同时导出每个图斑的核查记录表</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="604" />
   <source>Annex 5:</source>
   <translation>附件5：</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="47" />
   <source>Another protection layer</source>
   <translation>其他保护图层</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="128" />
   <source>Any case status</source>
   <translation>全部案件状态</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="121" />
   <source>Any deadline</source>
   <translation>全部期限</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="29" />
   <source>Applies the year's determination rules to every row of a layer or table whose fields are the facts of the facts contract (e.g. XZJSYD, BHLX, SJYT, YDPF …; see rules/README.md) and writes the same rows with 判定结果 (PDJG), flags, the clause cited, a Chinese explanation and the facts still missing. Missing fact fields count as unknown.</source>
   <translation>按当年判定规则逐行判定图层或表格中的图斑：字段为核查事实（如 XZJSYD、BHLX、SJYT、YDPF 等，见 rules/README.md），输出同样的记录并加上判定结果（PDJG）、标注、依据条款、中文判定说明和仍缺少的事实。缺少的事实字段视为未知。</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="73" />
   <source>Apply decisions</source>
   <translation>应用处理结果</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="124" />
   <source>Apply mine on top</source>
   <translation>在其上应用我的</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="59" />
   <source>Approval and registration</source>
   <translation>批准与登记</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="162" />
   <source>Approved by</source>
   <translation>批准人</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="65" />
   <source>Area</source>
   <translation>面积</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="329" />
   <location filename="ui/measure_dialog.py" line="160" />
   <location filename="ui/queue.py" line="15" />
   <source>Area (mu)</source>
   <translation>面积（亩）</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="40" />
   <source>Assign townships and villages</source>
   <translation>分配乡镇和村</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="175" />
   <source>Attach every photo in a folder and its subfolders to this patch</source>
   <translation>将文件夹及其子文件夹中的所有照片添加到此图斑</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="173" />
   <source>Attach photo files to this patch (copied into the workspace)</source>
   <translation>为此图斑添加照片文件（复制到工作空间）</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="81" />
   <location filename="ui/postgis_dialog.py" line="129" />
   <source>Attachment folder</source>
   <translation>附件文件夹</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="35" />
   <source>Attachment folder of a PostGIS copy</source>
   <translation>PostGIS 副本的附件文件夹</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="776" />
   <location filename="ui/dock.py" line="779" />
   <source>Audit log</source>
   <translation>审计日志</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="45" />
   <source>Basic farmland layer (永久基本农田)</source>
   <translation>永久基本农田图层</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="54" />
   <location filename="ui/queue.py" line="14" />
   <source>Batch</source>
   <translation>批次</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="59" />
   <source>Batch code</source>
   <translation>批次编号</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="41" />
   <source>Batch code (all batches if empty)</source>
   <translation>批次编号（为空则全部批次）</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="76" />
   <source>Batch code (default: file name)</source>
   <translation>批次编号（默认：文件名）</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="45" />
   <source>Batch file</source>
   <translation>批次文件</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="63" />
   <source>Batch file (shp, zip, gpkg, gdb)</source>
   <translation>批次文件（shp、zip、gpkg、gdb）</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="41" />
   <source>Batch files</source>
   <translation>批次文件</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="84" />
   <source>Batch id</source>
   <translation>批次号</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="70" />
   <source>Batch level</source>
   <translation>批次级别</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="489" />
   <source>Before</source>
   <translation>前时相</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="45" />
   <location filename="ui/compare.py" line="300" />
   <source>Before imagery</source>
   <translation>前时相影像</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="85" />
   <source>Body</source>
   <translation>机构</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="75" />
   <source>Browse…</source>
   <translation>浏览…</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="82" />
   <source>CRS (empty: from the file or inferred)</source>
   <translation>坐标系（留空：取文件自带或自动推断）</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="82" />
   <source>CRS: {crs}</source>
   <translation>坐标系：{crs}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="203" />
   <location filename="ui/dock.py" line="726" />
   <location filename="ui/photo_panel.py" line="355" />
   <source>Cancel</source>
   <translation>取消</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="746" />
   <location filename="ui/dock.py" line="606" />
   <source>Cancelled after {n} files.</source>
   <translation>已取消，已写出{n}个文件。</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="80" />
   <source>Cancelled: {n} files written</source>
   <translation>已取消：已写出 {n} 个文件</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="86" />
   <source>Cancelled; the workspace is unchanged</source>
   <translation>已取消；工作空间未改动</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="122" />
   <source>Cannot list the workspaces of {name}: {error}</source>
   <translation>无法列出 {name} 中的工作空间：{error}</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="369" />
   <source>Cannot open the layer {path}</source>
   <translation>无法打开图层 {path}</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="532" />
   <source>Cannot open the patches of {path}</source>
   <translation>无法打开 {path} 中的图斑</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="348" />
   <source>Cannot open the raster {path}</source>
   <translation>无法打开栅格 {path}</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="627" />
   <source>Cannot read the template {path}: {error}</source>
   <translation>无法读取模板 {path}：{error}</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="267" />
   <location filename="ui/dock.py" line="191" />
   <source>Case</source>
   <translation>案件</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="677" />
   <source>Case filed.</source>
   <translation>已立案。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="280" />
   <source>Case number</source>
   <translation>立案编号</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="593" />
   <source>Case {no}, filed {date}; illegal area {mu:.2f} mu, of which cultivated {gd:.2f} mu</source>
   <translation>立案编号{no}，立案日期{date}；违法面积{mu:.2f}亩，其中耕地{gd:.2f}亩</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="58" />
   <source>Change and use</source>
   <translation>变化与用途</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="300" />
   <source>Change status</source>
   <translation>变更状态</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="956" />
   <source>Choose a verdict.</source>
   <translation>请选择复核结论。</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="433" />
   <location filename="ui/roster_dialog.py" line="468" />
   <source>Choose a zone in the table first.</source>
   <translation>请先在表格中选择一个片区。</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="127" />
   <source>Choose the batch file.</source>
   <translation>请选择批次文件。</translation>
  </message>
  <message>
   <location filename="ui/split_panel.py" line="77" />
   <source>Choose the land-survey layer and its class field</source>
   <translation>请选择国土调查图层及其地类字段</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="34" />
   <source>Choose which field of the file fills each workspace field.</source>
   <translation>为每个工作空间字段选择文件中对应的字段。</translation>
  </message>
  <message>
   <location filename="ui/split_panel.py" line="29" />
   <source>Click across the patch; right click or Enter finishes, Esc cancels</source>
   <translation>在图斑上点击画线穿过图斑；右键或回车结束，Esc 取消</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="74" />
   <location filename="ui/roster_dialog.py" line="314" />
   <source>Close</source>
   <translation>关闭</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="89" />
   <source>Code source</source>
   <translation>代码来源</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="90" />
   <source>Commander</source>
   <translation>指挥长</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="329" />
   <location filename="ui/measure_dialog.py" line="157" />
   <source>Completed</source>
   <translation>完成</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="385" />
   <source>Computed: {formula}</source>
   <translation>计算：{formula}</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="26" />
   <source>Computes for every patch, and every part of a split patch, its ellipsoidal overlap with each land class (DLBM) of a 三调-style land-survey layer — 田坎 deducted by KCXS — summed into 农用地/建设用地/未利用地 and 耕地, and its overlap with basic farmland and another protection layer. The breakdown and the summary areas (GDMJ, YJJBNTMJ, NYDMJ, JSYDMJ, WLYDMJ) are stored in the workspace in one audited transaction. Only the parcels near the patches are read, through the layer's spatial index.</source>
   <translation>计算每个图斑（及分割后的每个地块）与三调地类图斑层各地类（DLBM）的椭球重叠面积（按 KCXS 扣除田坎），汇总为农用地/建设用地/未利用地及耕地，并计算与永久基本农田及其他保护图层的重叠面积。分地类明细和汇总面积（GDMJ、YJJBNTMJ、NYDMJ、JSYDMJ、WLYDMJ）在一个事务中写入工作空间并记入审计日志。只通过图层的空间索引读取图斑附近的地类图斑。</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="64" />
   <source>Computes the accountability figures of 附件5 from a workspace, or from a table of determined patches (the output of Determine patches) or of accountability rows: illegally occupied cultivated land, the denominator, every adjustment line, the ratio against 15 % and the area thresholds (county 100, city 500, province 5000 亩), with a note when a figure sits on a threshold, and the 增违挂钩 amount. One row per region.</source>
   <translation>根据工作空间，或已判定图斑表（“图斑判定”的输出）、问责测算行表，计算附件5问责指标：违法占用耕地面积、分母、逐项扣除、与15%比较的比例及面积标准（县100亩、市500亩、省5000亩），数值处于临界时给出说明，并计算增违挂钩面积。每个地区一行。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="121" />
   <source>Confiscate the buildings and facilities</source>
   <translation>没收地上建筑物和其他设施</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="33" />
   <source>Conflicts to decide</source>
   <translation>待处理冲突</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="100" />
   <source>Contact e-mail</source>
   <translation>联络邮箱</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="80" />
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
   <location filename="ui/facts_form.py" line="315" />
   <source>Correct</source>
   <translation>修正</translation>
  </message>
  <message>
   <location filename="processing/determine_workspace.py" line="31" />
   <source>Counts by category</source>
   <translation>各判定类型数量</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="97" />
   <source>County</source>
   <translation>县</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="97" />
   <source>County code</source>
   <translation>县代码</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="63" />
   <source>County-seat zone</source>
   <translation>城区片区</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="96" />
   <source>County-seat zones</source>
   <translation>城区片区</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="600" />
   <source>Covered with valid evidence: {covered:.2f} of {illegal:.2f} mu</source>
   <translation>证据齐全的整改覆盖{covered:.2f}亩，违法面积{illegal:.2f}亩</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="68" />
   <source>Create the workspace if it does not exist</source>
   <translation>工作空间不存在时新建</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="149" />
   <source>Current deadline: {date}</source>
   <translation>当前截止日期：{date}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="194" />
   <source>Dashboard</source>
   <translation>概况</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="347" />
   <source>Data: {value}</source>
   <translation>数据：{value}</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="304" />
   <location filename="ui/dashboard.py" line="82" />
   <source>Date</source>
   <translation>日期</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="82" />
   <source>Days left</source>
   <translation>剩余天数</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="82" />
   <location filename="ui/patch_card.py" line="55" />
   <location filename="ui/queue.py" line="16" />
   <source>Deadline</source>
   <translation>截止日期</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="414" />
   <source>Deadline and delays</source>
   <translation>核查期限与延期</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="920" />
   <source>Deadline moved to {date}.</source>
   <translation>核查截止已延至{date}。</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="553" />
   <source>Deadlines</source>
   <translation>截止日期</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="60" />
   <source>Decision</source>
   <translation>处理</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="127" />
   <source>Decision date</source>
   <translation>处罚决定日期</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="126" />
   <source>Decision no.</source>
   <translation>处罚决定书文号</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="91" />
   <source>Deputy</source>
   <translation>副指挥长</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="91" />
   <source>Deputy's note</source>
   <translation>副指挥长备注</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="91" />
   <source>Deputy's title</source>
   <translation>副指挥长职务</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="30" />
   <source>Detect automatically</source>
   <translation>自动检测</translation>
  </message>
  <message>
   <location filename="processing/base.py" line="8" />
   <location filename="ui/queue.py" line="16" />
   <source>Determination</source>
   <translation>判定类型</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="573" />
   <source>Determination: {result}</source>
   <translation>判定结果：{result}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="83" />
   <location filename="ui/dock.py" line="468" />
   <location filename="ui/dock.py" line="460" />
   <source>Determine</source>
   <translation>判定</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="27" />
   <source>Determine patches (附件4)</source>
   <translation>图斑判定（附件4）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="84" />
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
   <location filename="ui/photo_panel.py" line="281" />
   <source>Device: {device}</source>
   <translation>设备：{device}</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="274" />
   <source>Direction: {direction}</source>
   <translation>拍摄方向：{direction}</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="330" />
   <location filename="ui/measure_dialog.py" line="158" />
   <source>Document date</source>
   <translation>文件日期</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="330" />
   <location filename="ui/measure_dialog.py" line="157" />
   <source>Document no.</source>
   <translation>文号</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="562" />
   <location filename="ui/dock.py" line="566" />
   <location filename="ui/dock.py" line="571" />
   <source>Draw a review sample</source>
   <translation>抽取复核样本</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="108" />
   <source>Draw a review sample…</source>
   <translation>抽取复核样本…</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="122" />
   <source>Due within 3 days</source>
   <translation>3天内到期</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="122" />
   <source>Due within 7 days</source>
   <translation>7天内到期</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="51" />
   <source>E</source>
   <translation>东</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="138" />
   <source>Edit measure</source>
   <translation>编辑整改措施</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="346" />
   <location filename="ui/import_dialog.py" line="67" />
   <source>Edit…</source>
   <translation>编辑…</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="696" />
   <source>Enter the date of the change.</source>
   <translation>请填写状态变更日期。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="669" />
   <source>Enter the filing date.</source>
   <translation>请填写立案日期。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="184" />
   <source>Enter the new deadline and the request date.</source>
   <translation>请填写新截止日期和申请日期。</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="217" />
   <location filename="ui/case_tab.py" line="182" />
   <source>Enter the reason for the delay.</source>
   <translation>请填写延期理由。</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="355" />
   <source>Every listed patch is reviewed.</source>
   <translation>列表中的图斑均已核查。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="788" />
   <source>Every suggested referral is registered.</source>
   <translation>建议的移交均已登记。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="331" />
   <source>Evidence</source>
   <translation>证据</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="644" />
   <location filename="ui/measure_dialog.py" line="267" />
   <source>Evidence complete: the measure counts.</source>
   <translation>证据齐全：该措施计入整改。</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="263" />
   <source>Evidence incomplete:</source>
   <translation>证据不齐全：</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="553" />
   <location filename="ui/roster_dialog.py" line="560" />
   <source>Excel workbooks</source>
   <translation>Excel 工作簿</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="145" />
   <source>Existing workspace {schema} (schema version {version}).</source>
   <translation>已有工作空间 {schema}（结构版本 {version}）。</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="23" />
   <location filename="ui/dock.py" line="633" />
   <location filename="ui/dock.py" line="636" />
   <source>Export field package</source>
   <translation>导出外业数据包</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="104" />
   <source>Export field package…</source>
   <translation>导出外业数据包…</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="25" />
   <location filename="ui/dock.py" line="708" />
   <location filename="ui/dock.py" line="727" />
   <source>Export patch maps</source>
   <translation>导出图斑核查图</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="102" />
   <source>Export patch maps (atlas)…</source>
   <translation>导出图斑核查图（图集）…</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="21" />
   <location filename="ui/dock.py" line="589" />
   <location filename="ui/dock.py" line="604" />
   <source>Export reports</source>
   <translation>导出报表</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="101" />
   <source>Export reports…</source>
   <translation>导出报表…</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="560" />
   <source>Export roster</source>
   <translation>导出名册</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="310" />
   <source>Export xlsx…</source>
   <translation>导出 xlsx…</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="548" />
   <source>Exported to {path}</source>
   <translation>已导出到 {path}</translation>
  </message>
  <message>
   <location filename="ui/export_tasks.py" line="19" />
   <source>Exporting reports to {folder}</source>
   <translation>正在导出报表到 {folder}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="598" />
   <source>Exporting reports: %p%</source>
   <translation>正在导出报表：%p%</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="90" />
   <source>Extent</source>
   <translation>片区范围</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="61" />
   <source>Facility agriculture</source>
   <translation>设施农业</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="60" />
   <source>Fact</source>
   <translation>核查事实</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="55" />
   <source>Fact fields found: {fields}</source>
   <translation>找到的事实字段：{fields}</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="807" />
   <source>Feedback</source>
   <translation>反馈结果</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="808" />
   <source>Feedback date</source>
   <translation>反馈日期</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="98" />
   <source>Field</source>
   <translation>字段</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="53" />
   <location filename="ui/conflict_resolver.py" line="150" />
   <source>Field conflicts</source>
   <translation>外业冲突</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="106" />
   <source>Field conflicts…</source>
   <translation>外业冲突…</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="71" />
   <source>Field mapping</source>
   <translation>字段映射</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="78" />
   <source>Field mapping profile (name or .json file)</source>
   <translation>字段映射方案（名称或 .json 文件）</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="29" />
   <source>Field mapping: {name}</source>
   <translation>字段映射：{name}</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="31" />
   <source>Field package folder</source>
   <translation>外业数据包文件夹</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="101" />
   <source>Field photo</source>
   <translation>现场照片</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="136" />
   <source>Field photo {n} of {total} — {name}</source>
   <translation>现场照片 第 {n} 张，共 {total} 张 — {name}</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="61" />
   <source>Field value</source>
   <translation>外业值</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="61" />
   <source>Field: who, when</source>
   <translation>外业：核查人、时间</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="278" />
   <source>File case</source>
   <translation>立案</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="54" />
   <location filename="processing/export_reports.py" line="40" />
   <source>Files written</source>
   <translation>写出的文件数</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="281" />
   <source>Filing date</source>
   <translation>立案日期</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="181" />
   <source>Findings</source>
   <translation>核查事实</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="124" />
   <source>Fine (yuan)</source>
   <translation>罚款（元）</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="69" />
   <source>From the data (may be corrected)</source>
   <translation>数据派生（可修正）</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="78" />
   <source>From the file (.prj) or inferred</source>
   <translation>取自文件（.prj）或自动推断</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="78" />
   <source>Geometry</source>
   <translation>几何</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="102" />
   <source>Give a workspace or an input table</source>
   <translation>请指定工作空间或输入表</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="42" />
   <source>Gives every patch its township and village (codes and names): from its own administrative codes when the batch has them, otherwise the boundary polygon covering most of the patch. The village then names the county leader who guarantees it (附件2). Audited.</source>
   <translation>为每个图斑确定所属乡镇和村（代码和名称）：批次自带行政区代码时按代码，否则按覆盖图斑面积最大的界线多边形；村确定后即可查到包保的县领导（附件2）。所有改动记入审计日志。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="399" />
   <source>ID card or unified social credit code</source>
   <translation>身份证号码或统一社会信用代码</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="407" />
   <location filename="ui/case_tab.py" line="385" />
   <source>ID number</source>
   <translation>证件号码</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="188" />
   <source>Imagery</source>
   <translation>影像对比</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="39" />
   <source>Imagery margin around the patches (m)</source>
   <translation>影像外扩范围（米）</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="562" />
   <location filename="reports/atlas.py" line="564" />
   <source>Imagery not available</source>
   <translation>无影像</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="37" />
   <source>Imagery to take along (optional)</source>
   <translation>随包影像（可选）</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="88" />
   <source>Import</source>
   <translation>导入</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="491" />
   <location filename="ui/dock.py" line="532" />
   <source>Import batch</source>
   <translation>导入批次</translation>
  </message>
  <message>
   <location filename="plugin.py" line="71" />
   <location filename="ui/dock.py" line="82" />
   <source>Import batch…</source>
   <translation>导入批次…</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="120" />
   <source>Import failed, workspace unchanged:</source>
   <translation>导入失败，工作空间未作任何改动：</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="19" />
   <location filename="ui/dock.py" line="659" />
   <location filename="ui/dock.py" line="653" />
   <source>Import field package</source>
   <translation>导入外业数据包</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="105" />
   <source>Import field package…</source>
   <translation>导入外业数据包…</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="50" />
   <location filename="ui/import_dialog.py" line="36" />
   <source>Import patch batch</source>
   <translation>导入图斑批次</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="788" />
   <source>Import report</source>
   <translation>导入报告</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="86" />
   <source>Import report file</source>
   <translation>导入报告文件</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="552" />
   <source>Import roster</source>
   <translation>导入名册</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="308" />
   <source>Import xlsx…</source>
   <translation>导入 xlsx…</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="533" />
   <source>Imported {file}; check the tables and Save to store the roster.</source>
   <translation>已导入 {file}；请核对表格后点击保存写入名册。</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="791" />
   <source>Imported {n} patches into batch {code}.</source>
   <translation>已导入 {n} 个图斑到批次 {code}。</translation>
  </message>
  <message>
   <location filename="ui/tasks.py" line="14" />
   <source>Importing {name}</source>
   <translation>正在导入 {name}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="505" />
   <source>Importing {name}: %p%</source>
   <translation>正在导入 {name}：%p%</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="52" />
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
   <location filename="processing/import_batch.py" line="91" />
   <location filename="ui/import_dialog.py" line="52" />
   <source>Issue date</source>
   <translation>下发日期</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="72" />
   <source>Issue date (YYYY-MM-DD)</source>
   <translation>下发日期（YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="35" />
   <source>Items rejected</source>
   <translation>拒绝项数</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="49" />
   <source>Its summary field (e.g. STBHHXMJ)</source>
   <translation>其汇总字段（如 STBHHXMJ）</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="71" />
   <source>Keep all office values</source>
   <translation>全部保留内业值</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="123" />
   <source>Keep theirs</source>
   <translation>保留对方的</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="117" />
   <source>Keep theirs: your changes are dropped and the record is reloaded. Apply mine: your changes are saved on top of their version; the fields you did not change keep their values.</source>
   <translation>保留对方的：放弃您的修改并重新加载记录。应用我的：在对方版本的基础上保存您的修改；您未修改的字段保留对方的值。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="406" />
   <location filename="ui/case_tab.py" line="385" />
   <source>Kind</source>
   <translation>类型</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="67" />
   <source>Land classes (mu)</source>
   <translation>地类面积（亩）</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="47" />
   <source>Land survey (DLTB)</source>
   <translation>三调地类图斑（DLTB）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="72" />
   <source>Land survey (mu)</source>
   <translation>三调地类（亩）</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="566" />
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
   <location filename="processing/overlay_landuse.py" line="24" />
   <source>Land-survey overlay (三调 areas)</source>
   <translation>三调叠加分析（分地类面积）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="93" />
   <source>Land-survey overlay: per-class areas of every patch (runs in the background)</source>
   <translation>三调叠加分析：计算每个图斑的分地类面积（后台运行）</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="65" />
   <source>Layer (when the file has several)</source>
   <translation>图层（文件含多个图层时）</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="94" />
   <location filename="ui/roster_dialog.py" line="98" />
   <source>Leading group</source>
   <translation>领导小组</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="804" />
   <source>Letter no.</source>
   <translation>移送函文号</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="48" />
   <location filename="ui/queue.py" line="14" />
   <source>Level</source>
   <translation>级别</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="438" />
   <source>Make a polygon layer active and select the polygon(s) of zone {zone} on it.</source>
   <translation>请激活一个面图层，并在其中选择片区 {zone} 的面。</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="65" />
   <source>Manual determination</source>
   <translation>人工认定</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="36" />
   <source>Meaning</source>
   <translation>含义</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="329" />
   <location filename="ui/measure_dialog.py" line="159" />
   <source>Measure</source>
   <translation>措施</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="741" />
   <source>Measure saved.</source>
   <translation>整改措施已保存。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="740" />
   <source>Measure saved; its evidence is incomplete.</source>
   <translation>整改措施已保存，但证据不齐全。</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="37" />
   <source>Merge report file</source>
   <translation>合并报告文件</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="21" />
   <source>Merges a field package written by wpzf:export_field_package back into the workspace in one transaction: a fact changed only in the field is saved (audited with the package's name), one changed in the office and in the field to different values is kept as a conflict for a person to decide, splits drawn in the field become the patch's parts, and photos are attached to their patch by the photo table, a 监测编号 in the file name or their GPS position. The same package imported twice changes nothing; the report is saved next to the workspace.</source>
   <translation>在一个事务中将 wpzf:export_field_package 生成的外业数据包合并回工作空间：只在外业修改的事实直接写入（审计记录注明数据包名称），内业和外业修改为不同值的事实作为冲突留待人工决定，外业绘制的分割成为图斑的分割地块，照片按照片表、文件名中的监测编号或 GPS 位置关联到图斑。同一数据包导入两次不会有任何改变；报告保存在工作空间旁。</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="66" />
   <source>Minerals</source>
   <translation>矿产</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="476" />
   <source>Minerals: {finding}</source>
   <translation>矿产：{finding}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="96" />
   <source>More</source>
   <translation>更多</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="619" />
   <source>Move the case to {status}</source>
   <translation>将案件状态变更为{status}</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="21" />
   <source>Move workspace (GeoPackage ⇄ PostGIS)</source>
   <translation>迁移工作空间（GeoPackage ⇄ PostGIS）</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="51" />
   <source>N</source>
   <translation>北</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="51" />
   <source>NE</source>
   <translation>东北</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="79" />
   <source>NOT imported (workspace unchanged)</source>
   <translation>未导入（工作空间未改动）</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="52" />
   <source>NW</source>
   <translation>西北</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="405" />
   <location filename="ui/case_tab.py" line="385" />
   <location filename="ui/roster_dialog.py" line="85" />
   <source>Name</source>
   <translation>姓名</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="562" />
   <source>Name of the sample</source>
   <translation>样本名称</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="64" />
   <source>National deep-poverty areas</source>
   <translation>深度贫困</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="250" />
   <source>Needs: start and completion dates, and a site photo taken on or after the start and on or after the issue date ({issued}).</source>
   <translation>需要：开始和完成日期，以及在开始日期和图斑下发日期（{issued}）当天或之后拍摄的现场照片。</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="253" />
   <source>Needs: the approval document number and approval date, not before the issue date ({issued}).</source>
   <translation>需要：审批文件文号和批准时间，批准时间不得早于图斑下发日期（{issued}）。</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="256" />
   <source>Needs: the confiscation decision's document number (its date is optional).</source>
   <translation>需要：没收决定书文号（日期可不填）。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="160" />
   <source>New deadline</source>
   <translation>新截止日期</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="264" />
   <location filename="ui/dock.py" line="272" />
   <source>New workspace</source>
   <translation>新建工作空间</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="33" />
   <source>New workspace (GeoPackage path or PostgreSQL location)</source>
   <translation>新工作空间（GeoPackage 路径或 PostgreSQL 位置）</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="142" />
   <source>New workspace: schema {schema} will be created in {name}.</source>
   <translation>新工作空间：将在 {name} 中创建模式 {schema}。</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="81" />
   <source>New…</source>
   <translation>新建…</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="160" />
   <source>Next after saving</source>
   <translation>保存后自动下一个</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="81" />
   <source>Next deadlines</source>
   <translation>近期截止事项</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="142" />
   <source>Next patch</source>
   <translation>下一个图斑</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="143" />
   <source>Next unreviewed patch</source>
   <translation>下一个未核查图斑</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="156" />
   <source>No</source>
   <translation>否</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="128" />
   <source>No case yet</source>
   <translation>尚未立案</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="581" />
   <source>No case yet: file one (立案) for this illegal unit.</source>
   <translation>尚未立案：该违法图斑（地块）需立案。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="730" />
   <source>No case.</source>
   <translation>无案件。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="582" />
   <source>No case: the unit is not determined illegal.</source>
   <translation>无案件：该图斑（地块）未判定为违法。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="902" />
   <source>No delay.</source>
   <translation>无延期。</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="441" />
   <source>No determination</source>
   <translation>尚无判定</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="105" />
   <source>No determinations yet</source>
   <translation>尚无判定结果</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="104" />
   <source>No determined patches to compute from</source>
   <translation>没有可用于测算的已判定图斑</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="114" />
   <source>No open conflicts.</source>
   <translation>没有待处理的冲突。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="225" />
   <location filename="ui/photo_panel.py" line="170" />
   <location filename="ui/photo_panel.py" line="217" />
   <source>No patch selected</source>
   <translation>未选择图斑</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="631" />
   <location filename="ui/dock.py" line="704" />
   <source>No patches are listed.</source>
   <translation>列表中没有图斑。</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="82" />
   <source>No patches to map</source>
   <translation>没有可制图的图斑</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="341" />
   <source>No photos found in {folder}</source>
   <translation>在 {folder} 中没有找到照片</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="787" />
   <source>No referral suggested for this patch.</source>
   <translation>该图斑无移交建议。</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="232" />
   <source>No time: this photo cannot be cited as evidence.</source>
   <translation>无拍摄时间：该照片不能作为证据。</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="97" />
   <location filename="ui/dock.py" line="77" />
   <source>No workspace open</source>
   <translation>未打开工作空间</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="330" />
   <source>No. of photos</source>
   <translation>照片数</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="153" />
   <source>Not determined</source>
   <translation>未判定</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="127" />
   <source>Not sampled</source>
   <translation>未抽样</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="471" />
   <source>Not understood (read as unknown): {facts}</source>
   <translation>无法识别（按未知处理）：{facts}</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="446" />
   <location filename="ui/case_tab.py" line="304" />
   <location filename="ui/measure_dialog.py" line="165" />
   <source>Note</source>
   <translation>备注</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="150" />
   <source>Nothing was applied: {error}</source>
   <translation>未应用任何处理：{error}</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="366" />
   <source>Nothing was attached: {error}</source>
   <translation>未添加任何照片：{error}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="795" />
   <source>Nothing was imported: {n} problem(s). The workspace is unchanged.</source>
   <translation>未导入任何内容：发现 {n} 个问题。工作空间未改动。</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="215" />
   <source>OGR cannot read it: {error}</source>
   <translation>OGR 无法读取：{error}</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="52" />
   <source>Of them not wholly covered by the survey</source>
   <translation>其中未被三调完全覆盖的</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="98" />
   <source>Office</source>
   <translation>办公室</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="99" />
   <source>Office seat</source>
   <translation>办公室设在</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="99" />
   <source>Office short name</source>
   <translation>办公室简称</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="60" />
   <source>Office value</source>
   <translation>内业值</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="61" />
   <source>Office: who, when</source>
   <translation>内业：修改人、时间</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="48" />
   <source>One PDF for all patches</source>
   <translation>所有图斑输出为一个PDF</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="707" />
   <source>One PDF per patch, named by 监测编号</source>
   <translation>每个图斑一个 PDF，以监测编号命名</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="707" />
   <source>One PDF, a page per patch</source>
   <translation>一个 PDF，每个图斑一页</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="268" />
   <source>One row per village. 包片包保组 (the township's leaders, 、 between names) and the code source are given once, on the township's first row.</source>
   <translation>每村一行。包片包保组（乡镇的包保领导，姓名之间用“、”分隔）和代码来源每个乡镇只在其第一行填写一次。</translation>
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
   <location filename="ui/dock.py" line="86" />
   <source>Open a team workspace on PostGIS (a QGIS PostgreSQL connection)</source>
   <translation>打开 PostGIS 上的团队工作空间（使用 QGIS 的 PostgreSQL 连接）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="491" />
   <location filename="ui/dock.py" line="758" />
   <source>Open or create a workspace first.</source>
   <translation>请先打开或新建工作空间。</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="82" />
   <source>Open patches</source>
   <translation>未完成图斑</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="49" />
   <source>Open patches due soon</source>
   <translation>即将到期的未完成图斑</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="48" />
   <source>Open patches overdue</source>
   <translation>已逾期的未完成图斑</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="53" />
   <source>Open team workspace (PostGIS)</source>
   <translation>打开团队工作空间（PostGIS）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="251" />
   <location filename="ui/dock.py" line="280" />
   <source>Open workspace</source>
   <translation>打开工作空间</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="80" />
   <source>Open…</source>
   <translation>打开…</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="76" />
   <source>Or: determined patches / table</source>
   <translation>或：已判定图斑 / 表</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="374" />
   <source>Other department</source>
   <translation>其他部门</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="68" />
   <source>Other facts</source>
   <translation>其他事实</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="121" />
   <source>Overdue</source>
   <translation>已逾期</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="92" />
   <source>Overlay…</source>
   <translation>三调叠加…</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="796" />
   <location filename="reports/atlas.py" line="824" />
   <source>PDF export failed: {error}</source>
   <translation>PDF导出失败：{error}</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="53" />
   <source>PDF files (*.pdf)</source>
   <translation>PDF文件 (*.pdf)</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="62" />
   <source>Package</source>
   <translation>数据包</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="42" />
   <source>Package folder</source>
   <translation>数据包文件夹</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="44" />
   <source>Package id</source>
   <translation>数据包编号</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="89" />
   <source>Part</source>
   <translation>分割地块</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="524" />
   <location filename="ui/findings_tab.py" line="62" />
   <source>Part {n} ({mu:.2f} mu)</source>
   <translation>分割地块 {n}（{mu:.2f} 亩）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="97" />
   <source>Parts: {parts}</source>
   <translation>分割地块：{parts}</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="60" />
   <location filename="ui/dock.py" line="178" />
   <source>Patch</source>
   <translation>图斑</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="140" />
   <source>Patch #{tbid} is not in the sample {name}.</source>
   <translation>图斑 #{tbid} 不在抽样{name}中。</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="53" />
   <location filename="ui/queue.py" line="14" />
   <source>Patch id</source>
   <translation>监测编号</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="53" />
   <source>Patch maps (PDF; one per patch: the folder of that name)</source>
   <translation>图斑核查图（PDF；每图斑一个时为同名文件夹）</translation>
  </message>
  <message>
   <location filename="plugin.py" line="67" />
   <source>Patch review panel</source>
   <translation>图斑核查面板</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="75" />
   <source>Patch type</source>
   <translation>图斑类型</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="225" />
   <source>Patch {key}: the new deadline {new} is before the request date.</source>
   <translation>图斑{key}：新截止日期{new}早于申请日期。</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="223" />
   <source>Patch {key}: the new deadline {new} is not after the current one ({old}).</source>
   <translation>图斑{key}：新截止日期{new}不晚于当前截止日期（{old}）。</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="51" />
   <source>Patches and parts measured</source>
   <translation>已计算的图斑和地块数</translation>
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
   <location filename="processing/export_field_package.py" line="43" />
   <source>Patches exported</source>
   <translation>导出图斑数</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="85" />
   <source>Patches imported</source>
   <translation>导入图斑数</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="63" />
   <source>Patches outside every boundary</source>
   <translation>不在任何界线内的图斑数</translation>
  </message>
  <message>
   <location filename="processing/determine_workspace.py" line="30" />
   <source>Patches still pending (待定)</source>
   <translation>仍待定图斑数</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="47" />
   <source>Patches whose deadline changed</source>
   <translation>截止日期有变化的图斑</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="38" />
   <source>Patches with facts</source>
   <translation>含核查事实的图斑</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="313" />
   <source>Penalty</source>
   <translation>行政处罚</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="282" />
   <source>Penalty (optional)</source>
   <translation>行政处罚（可选）</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="688" />
   <source>Penalty saved.</source>
   <translation>处罚已保存。</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="185" />
   <location filename="ui/patch_card.py" line="82" />
   <location filename="ui/photo_panel.py" line="398" />
   <source>Photos</source>
   <translation>照片</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="34" />
   <source>Photos added</source>
   <translation>新增照片</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="158" />
   <source>Photos as evidence</source>
   <translation>作为证据的照片</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="285" />
   <source>Polygon</source>
   <translation>范围面</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="461" />
   <source>Polygon of zone {zone} taken from {n} feature(s) of {layer}; Save to store it.</source>
   <translation>已从 {layer} 的 {n} 个要素取得片区 {zone} 的范围面；点击保存后写入。</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="279" />
   <source>Position: none (no GPS)</source>
   <translation>位置：无（没有 GPS）</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="277" />
   <source>Position: {lon:.6f}°E, {lat:.6f}°N</source>
   <translation>位置：东经 {lon:.6f}°，北纬 {lat:.6f}°</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="66" />
   <source>PostgreSQL connection</source>
   <translation>PostgreSQL 连接</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="141" />
   <source>Previous patch</source>
   <translation>上一个图斑</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="50" />
   <source>Print layout template (.qpt)</source>
   <translation>打印布局模板（.qpt）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="726" />
   <source>Printing patch maps…</source>
   <translation>正在输出图斑核查图…</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="27" />
   <source>Prints the 卫片执法图斑核查图 of the workspace's patches (all, or those of one batch and/or one township) with QGIS's atlas: one A4 page per patch with the before and after imagery side by side, the patch outline and its parts, the photo points with their direction, the land-survey classes, two photos and the patch's attributes (area, determination and clauses, deadline, status, responsible leader). Imagery and land survey are optional. Writes one PDF, or one PDF per patch named by its 监测编号 into the folder named like the output without .pdf. A print layout template (.qpt) saved from QGIS's layout designer may replace the built-in one; it is filled through its item ids (map_before, map_after, map_landuse, photo_1, photo_2, attributes, legend, scalebar).</source>
   <translation>使用QGIS图集功能输出工作空间图斑（全部，或某一批次和/或某一乡镇）的卫片执法图斑核查图：每个图斑一页A4，前后时相影像并排，显示图斑边界及其分割地块、带拍摄方向的照片位置、三调地类、两张现场照片和图斑属性（面积、判定结果及依据条款、核查截止、状态、包保领导）。影像和三调数据可选。输出一个PDF，或每个图斑一个以监测编号命名的PDF，存入与输出同名（去掉.pdf）的文件夹。可用QGIS布局设计器保存的打印布局模板（.qpt）替换内置模板，按其中的项目ID（map_before、map_after、map_landuse、photo_1、photo_2、attributes、legend、scalebar）填充。</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="89" />
   <source>Profile name (letters, digits, - or _):</source>
   <translation>方案名称（字母、数字、- 或 _）：</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="77" />
   <source>Progress by township</source>
   <translation>各乡镇进度</translation>
  </message>
  <message>
   <location filename="ui/layers.py" line="76" />
   <source>QGIS cannot open layer {name} of the workspace</source>
   <translation>QGIS 无法打开工作空间的图层 {name}</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="523" />
   <source>QGIS cannot open layer {name} of {file}</source>
   <translation>QGIS 无法打开 {file} 中的图层 {name}</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="108" />
   <source>QGIS has no PostgreSQL connection yet: add one in the Browser panel (PostgreSQL ▸ New Connection…), preferably with an authentication configuration.</source>
   <translation>QGIS 中尚无 PostgreSQL 连接：请在浏览器面板中添加（PostgreSQL ▸ 新建连接…），最好使用认证配置。</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="355" />
   <source>Queue</source>
   <translation>图斑列表</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="567" />
   <source>Random seed (publish it: anyone can re-draw the same sample)</source>
   <translation>随机种子（公开后任何人都可重新抽出同一样本）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="80" />
   <source>Re-issued</source>
   <translation>重复下发</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="159" />
   <source>Reason</source>
   <translation>理由</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="322" />
   <source>Reason for the correction (required)</source>
   <translation>修正理由（必填）</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="806" />
   <source>Received</source>
   <translation>接收日期</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="26" />
   <source>Recomputes every batch's deadlines and every patch's 核查截止 from the batch level and issue date: 部级 — verified and entered by the given day of the next month, city review by the next given day; 省级 — claimed within the given days and verified within the given days (calendar days). A patch with a granted delay keeps its delayed date. Reports how many open patches are overdue or due within the warning days.</source>
   <translation>按批次级别和下发日期重新计算各批次的截止日期和各图斑的核查截止：部级——次月指定日前核查并填报，市级审核于其后指定日前完成；省级——指定天数内认领、指定天数内核查（自然日）。已批准延期的图斑保留延期后的日期。同时统计已逾期和将在提醒天数内到期的未完成图斑。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="327" />
   <source>Rectification measures</source>
   <translation>整改措施</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="830" />
   <location filename="ui/case_tab.py" line="840" />
   <source>Referral to {department} registered.</source>
   <translation>已登记移交{department}。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="848" />
   <source>Referral to {department} saved.</source>
   <translation>移交{department}的登记已保存。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="356" />
   <source>Referrals</source>
   <translation>移交</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="110" />
   <source>Referrals: {open} awaiting feedback, {late} overdue (30 days)</source>
   <translation>移交：{open}件待反馈，{late}件超期（30天）未反馈</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="68" />
   <location filename="ui/postgis_dialog.py" line="59" />
   <source>Refresh</source>
   <translation>刷新</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="24" />
   <location filename="ui/dock.py" line="107" />
   <source>Refresh deadlines</source>
   <translation>更新截止日期</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="370" />
   <location filename="ui/case_tab.py" line="780" />
   <source>Register</source>
   <translation>登记</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="329" />
   <source>Remove rows</source>
   <translation>删除行</translation>
  </message>
  <message>
   <location filename="ui/split_panel.py" line="31" />
   <source>Remove split</source>
   <translation>撤销分割</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="316" />
   <source>Replace the value the data gives; a reason is required</source>
   <translation>修正数据给出的值，须说明理由</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="39" />
   <source>Report folder</source>
   <translation>报表文件夹</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="661" />
   <location filename="ui/dock.py" line="798" />
   <source>Report saved to {path}</source>
   <translation>报告已保存到 {path}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="613" />
   <source>Report template folder</source>
   <translation>报表模板文件夹</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="109" />
   <source>Report template folder…</source>
   <translation>报表模板文件夹…</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="616" />
   <source>Reports</source>
   <translation>报表</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="161" />
   <source>Request date</source>
   <translation>申请日期</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="147" />
   <source>Request delay</source>
   <translation>申请延期</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="417" />
   <source>Request delay…</source>
   <translation>申请延期…</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="60" />
   <source>Responsible leader (包保)</source>
   <translation>包保领导</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="92" />
   <source>Responsible units (、)</source>
   <translation>责任单位（、分隔）</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="947" />
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
   <location filename="ui/roster_dialog.py" line="85" />
   <source>Role</source>
   <translation>角色</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="758" />
   <location filename="ui/roster_dialog.py" line="122" />
   <location filename="ui/roster_dialog.py" line="225" />
   <source>Rosters</source>
   <translation>名册</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="103" />
   <source>Rosters…</source>
   <translation>名册…</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="39" />
   <source>Rows copied</source>
   <translation>已复制行数</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="40" />
   <location filename="ui/import_dialog.py" line="56" />
   <source>Rule-set year</source>
   <translation>规则年度</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="73" />
   <source>Rule-set year (default: year of issue)</source>
   <translation>规则年度（默认：下发年份）</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="78" />
   <source>Rule-set year (thresholds)</source>
   <translation>规则年度（问责标准）</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="63" />
   <source>Rural homestead</source>
   <translation>宅基地</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="51" />
   <source>S</source>
   <translation>南</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="51" />
   <source>SE</source>
   <translation>东南</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="51" />
   <source>SW</source>
   <translation>西南</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="444" />
   <source>Sample</source>
   <translation>抽样批次</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="126" />
   <source>Sampled for review</source>
   <translation>抽样复核</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="126" />
   <source>Sampled or not</source>
   <translation>是否抽样</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="428" />
   <source>Sampled review</source>
   <translation>抽样复核</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="113" />
   <source>Sampled review {name}: {reviewed}/{sampled} reviewed, authenticity {rate}</source>
   <translation>抽样复核“{name}”：已复核{reviewed}/{sampled}，真实率{rate}</translation>
  </message>
  <message>
   <location filename="plugin.py" line="63" />
   <location filename="plugin.py" line="65" />
   <location filename="ui/dock.py" line="66" />
   <source>Satellite Enforcement</source>
   <translation>卫片执法</translation>
  </message>
  <message>
   <location filename="processing/provider.py" line="17" />
   <source>Satellite Enforcement (WPZF)</source>
   <translation>卫片执法（WPZF）</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="800" />
   <location filename="ui/roster_dialog.py" line="312" />
   <source>Save</source>
   <translation>保存</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="58" />
   <source>Save as profile…</source>
   <translation>另存为方案…</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="155" />
   <location filename="ui/findings_tab.py" line="30" />
   <location filename="ui/findings_tab.py" line="98" />
   <source>Save findings</source>
   <translation>保存核查事实</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="318" />
   <source>Save penalty</source>
   <translation>保存处罚</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="89" />
   <location filename="ui/mapping_dialog.py" line="100" />
   <location filename="ui/mapping_dialog.py" line="97" />
   <source>Save profile</source>
   <translation>保存方案</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="122" />
   <source>Save them before closing?</source>
   <translation>关闭前保存吗？</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="542" />
   <source>Save them before leaving?</source>
   <translation>离开前是否保存？</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="442" />
   <source>Save verdict</source>
   <translation>保存复核结论</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="83" />
   <source>Saved by someone else meanwhile</source>
   <translation>他人已先行保存</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="100" />
   <source>Saved to {path}</source>
   <translation>已保存到 {path}</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="516" />
   <source>Saved: {created} rows added, {updated} changed, {deleted} removed.</source>
   <translation>已保存：新增 {created} 行，修改 {updated} 行，删除 {deleted} 行。</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="131" />
   <source>Search patch id, township, village</source>
   <translation>搜索监测编号、乡镇、村</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="500" />
   <source>Second map</source>
   <translation>第二地图</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="106" />
   <source>Select a patch</source>
   <translation>请选择图斑</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="442" />
   <source>Select the polygon(s) of zone {zone} on layer {layer} first.</source>
   <translation>请先在图层 {layer} 上选择片区 {zone} 的面。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="805" />
   <location filename="ui/case_tab.py" line="776" />
   <source>Sent</source>
   <translation>发出日期</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="571" />
   <source>Share of verified patches (%)</source>
   <translation>抽取已核查图斑的比例（%）</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="498" />
   <source>Show the 'before' image left of the mouse</source>
   <translation>在鼠标左侧显示前时相影像</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="334" />
   <source>Show the other of the two images</source>
   <translation>显示另一时相的影像</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="546" />
   <source>Showing: after</source>
   <translation>当前显示：后时相</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="546" />
   <source>Showing: before</source>
   <translation>当前显示：前时相</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="36" />
   <source>Source field</source>
   <translation>来源字段</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="176" />
   <location filename="ui/split_panel.py" line="39" />
   <source>Split</source>
   <translation>分割</translation>
  </message>
  <message>
   <location filename="ui/split_panel.py" line="30" />
   <source>Split along parcels</source>
   <translation>按地类图斑分割</translation>
  </message>
  <message>
   <location filename="ui/split_panel.py" line="28" />
   <source>Split with a line</source>
   <translation>画线分割</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="34" />
   <source>Splits</source>
   <translation>分割</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="329" />
   <location filename="ui/measure_dialog.py" line="157" />
   <source>Start</source>
   <translation>开始</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="76" />
   <location filename="ui/queue.py" line="15" />
   <source>Status</source>
   <translation>状态</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="104" />
   <source>Status on {date}</source>
   <translation>{date} 工作概况</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="596" />
   <source>Status: {status}</source>
   <translation>状态：{status}</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="468" />
   <source>Still missing: {facts}</source>
   <translation>仍缺少：{facts}</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="50" />
   <location filename="processing/transfer_workspace.py" line="40" />
   <source>Summary</source>
   <translation>摘要</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="497" />
   <source>Swipe</source>
   <translation>卷帘</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="72" />
   <source>Take all field values</source>
   <translation>全部采用外业值</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="290" />
   <source>Take the selected feature(s) of the active polygon layer as the polygon of the chosen zone</source>
   <translation>将当前面图层中选中的要素作为所选片区的范围面</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="271" />
   <source>Taken: {time}</source>
   <translation>拍摄时间：{time}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="85" />
   <source>Team…</source>
   <translation>团队…</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="616" />
   <source>Templates in {folder} now replace the shipped ones of the same name.</source>
   <translation>{folder} 中的模板将替换同名的内置模板。</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="60" />
   <source>Temporary use</source>
   <translation>临时用地</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="75" />
   <source>Text encoding</source>
   <translation>字符编码</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="80" />
   <source>Text encoding (empty: detect)</source>
   <translation>字符编码（留空：自动检测）</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="99" />
   <source>The CRS must be an EPSG code, not {crs}</source>
   <translation>坐标系必须是 EPSG 代码，而不是 {crs}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="779" />
   <source>The audit log is broken at record {seq}: {reason}</source>
   <translation>审计日志在第 {seq} 条记录处断裂：{reason}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="776" />
   <source>The audit log is intact: {n} records checked.</source>
   <translation>审计日志完整：已校验 {n} 条记录。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="309" />
   <source>The case is closed: the illegal state is eliminated.</source>
   <translation>案件已办结：违法状态已消除。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="703" />
   <source>The case is now {status}.</source>
   <translation>案件状态已变为{status}。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="864" />
   <source>The check character of this ID number is wrong.</source>
   <translation>该证件号码校验位错误。</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="55" />
   <source>The copy was written but does not match the source: {problems}</source>
   <translation>副本已写入，但与源不一致：{problems}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="604" />
   <location filename="ui/dock.py" line="741" />
   <source>The export failed: {error}</source>
   <translation>导出失败：{error}</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="131" />
   <source>The file {path} cannot be shown.</source>
   <translation>无法显示文件 {path}。</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="541" />
   <source>The findings of this patch have unsaved changes.</source>
   <translation>本图斑的核查事实有未保存的修改。</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="532" />
   <source>The import failed: {error}</source>
   <translation>导入失败：{error}</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="49" />
   <source>The input layer cannot be read</source>
   <translation>无法读取输入图层</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="50" />
   <source>The input needs either the accountability columns (id, county, category, illegal_gd_mu, new_gd_mu) or determined patches (PDJG with GDMJ …)</source>
   <translation>输入需包含问责测算列（id、county、category、illegal_gd_mu、new_gd_mu）或已判定图斑（PDJG 及 GDMJ 等）</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="212" />
   <source>The patch has no photos yet (add them in the Photos tab).</source>
   <translation>该图斑尚无照片（请在“照片”页添加）。</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="122" />
   <source>The roster has unsaved changes.</source>
   <translation>名册有未保存的修改。</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="541" />
   <location filename="ui/roster_dialog.py" line="546" />
   <source>The roster was not exported:</source>
   <translation>名册未导出：</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="507" />
   <location filename="ui/roster_dialog.py" line="512" />
   <source>The roster was not saved:</source>
   <translation>名册未保存：</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="108" />
   <source>The sample needs a name.</source>
   <translation>抽样需要名称。</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="355" />
   <source>The stored roster cannot be read ({error}); the default roster is shown, and Save replaces the stored one.</source>
   <translation>无法读取已存储的名册（{error}）；现显示默认名册，保存后将替换已存储的名册。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="521" />
   <location filename="ui/findings_tab.py" line="58" />
   <source>The whole patch</source>
   <translation>整个图斑</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="529" />
   <source>The workbook was not imported:</source>
   <translation>工作簿未导入：</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="98" />
   <source>Theirs</source>
   <translation>对方的</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="118" />
   <source>There are no verified patches to sample.</source>
   <translation>没有可供抽样的已核查图斑。</translation>
  </message>
  <message>
   <location filename="store/cases.py" line="113" />
   <source>There is no case #{fid}.</source>
   <translation>没有案件 #{fid}。</translation>
  </message>
  <message>
   <location filename="store/registers.py" line="150" />
   <source>There is no sample named {name}.</source>
   <translation>没有名为{name}的抽样。</translation>
  </message>
  <message>
   <location filename="ui/findings_tab.py" line="111" />
   <source>These findings</source>
   <translation>这些核查事实</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="88" />
   <location filename="ui/conflict_dialog.py" line="90" />
   <source>This record</source>
   <translation>此记录</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="85" />
   <source>Title</source>
   <translation>职务</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="45" />
   <source>Today (YYYY-MM-DD; empty = today)</source>
   <translation>今天（YYYY-MM-DD，留空为当天）</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="62" />
   <source>Today must be a date like 2021-06-30: {value}</source>
   <translation>“今天”须为 2021-06-30 这样的日期：{value}</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="333" />
   <source>Toggle before/after imagery</source>
   <translation>切换前后时相影像</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="15" />
   <location filename="ui/roster_dialog.py" line="87" />
   <source>Township</source>
   <translation>乡镇</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="43" />
   <source>Township (all townships if empty)</source>
   <translation>乡镇（为空则全部乡镇）</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="34" />
   <source>Township (empty: all patches)</source>
   <translation>乡镇（留空为全部图斑）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="56" />
   <source>Township / village</source>
   <translation>乡镇 / 村</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="51" />
   <source>Township boundaries</source>
   <translation>乡镇界线</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="87" />
   <source>Township code</source>
   <translation>乡镇代码</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="52" />
   <source>Township code field</source>
   <translation>乡镇代码字段</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="89" />
   <source>Township group (包片包保组)</source>
   <translation>包片包保组</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="53" />
   <source>Township name field</source>
   <translation>乡镇名称字段</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="95" />
   <source>Townships and villages</source>
   <translation>乡镇村包保</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="157" />
   <location filename="ui/facts_form.py" line="189" />
   <location filename="ui/facts_form.py" line="217" />
   <source>Unknown</source>
   <translation>未知</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="143" />
   <source>Unknown patches: {ids}</source>
   <translation>未知图斑：{ids}</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="541" />
   <source>Unsaved findings</source>
   <translation>核查事实未保存</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="289" />
   <source>Use selected polygon</source>
   <translation>使用所选面</translation>
  </message>
  <message>
   <location filename="processing/import_field_package.py" line="33" />
   <source>Values merged</source>
   <translation>合并值数</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="445" />
   <source>Verdict</source>
   <translation>复核结论</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="968" />
   <source>Verdict saved.</source>
   <translation>复核结论已保存。</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="83" />
   <source>Verification deadline</source>
   <translation>核查截止日期</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="892" />
   <source>Verification deadline: {date}</source>
   <translation>核查截止：{date}</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="36" />
   <location filename="ui/dock.py" line="636" />
   <source>Verifier</source>
   <translation>核查人员</translation>
  </message>
  <message>
   <location filename="plugin.py" line="73" />
   <source>Verify audit log</source>
   <translation>校验审计日志</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="110" />
   <source>Verify the audit log</source>
   <translation>校验审计日志</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="447" />
   <source>Video verification</source>
   <translation>视频核查说明</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="87" />
   <source>Village</source>
   <translation>村</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="54" />
   <source>Village boundaries</source>
   <translation>村界线</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="88" />
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
   <location filename="ui/case_tab.py" line="383" />
   <source>Violators</source>
   <translation>违法主体</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="118" />
   <source>Violators: {n}, repeat offenders: {repeat}</source>
   <translation>违法主体：{n}个，屡查屡犯：{repeat}个</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="51" />
   <source>W</source>
   <translation>西</translation>
  </message>
  <message>
   <location filename="plugin_missing.py" line="16" />
   <source>WPZF cannot start</source>
   <translation>WPZF 无法启动</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="418" />
   <source>WPZF field import — {package}</source>
   <translation>WPZF 外业数据导入 — {package}</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="345" />
   <source>WPZF field package — {name}</source>
   <translation>WPZF 外业数据包 — {name}</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="77" />
   <source>WPZF import report — {file}</source>
   <translation>WPZF 导入报告 — {file}</translation>
  </message>
  <message>
   <location filename="plugin_missing.py" line="17" />
   <source>WPZF needs Python packages that are missing in this QGIS:</source>
   <translation>WPZF 需要的以下 Python 包在本 QGIS 中缺失：</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="633" />
   <source>WPZF photos — patch {key}</source>
   <translation>卫片执法现场照片 — 图斑 {key}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="252" />
   <location filename="ui/dock.py" line="264" />
   <location filename="ui/layers.py" line="81" />
   <source>WPZF workspace</source>
   <translation>WPZF 工作空间</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="43" />
   <source>Warn about deadlines within days</source>
   <translation>提前提醒天数</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="85" />
   <source>What if these patches completed their approvals (监测编号, comma-separated)</source>
   <translation>假设以下图斑已补办完善用地手续（监测编号，逗号分隔）</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="82" />
   <source>What if these patches were demolished and restored (监测编号, comma-separated)</source>
   <translation>假设以下图斑已拆除复耕到位（监测编号，逗号分隔）</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="98" />
   <source>When you opened it</source>
   <translation>您打开时</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="123" />
   <source>With or without photos</source>
   <translation>有无照片均可</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="123" />
   <source>With photos</source>
   <translation>有照片</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="124" />
   <source>Without photos</source>
   <translation>无照片</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="62" />
   <source>Works listed in 附件4 article 4</source>
   <translation>附件4第四条</translation>
  </message>
  <message>
   <location filename="processing/base.py" line="8" />
   <source>Workspace</source>
   <translation>工作空间</translation>
  </message>
  <message>
   <location filename="processing/base.py" line="41" />
   <source>Workspace (GeoPackage, or a PostgreSQL location pg:…;schema=…)</source>
   <translation>工作空间（GeoPackage，或 PostgreSQL 位置 pg:…;schema=…）</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="70" />
   <source>Workspace (schema)</source>
   <translation>工作空间（模式）</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="36" />
   <source>Workspace field</source>
   <translation>工作空间字段</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="31" />
   <source>Workspace to copy (GeoPackage path or PostgreSQL location)</source>
   <translation>要复制的工作空间（GeoPackage 路径或 PostgreSQL 位置）</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="111" />
   <source>Workspace {path} does not exist</source>
   <translation>工作空间 {path} 不存在</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="285" />
   <source>Workspace: {path}</source>
   <translation>工作空间：{path}</translation>
  </message>
  <message>
   <location filename="processing/export_field_package.py" line="25" />
   <source>Writes a folder for the field verifiers: field.gpkg with the patches of a township (all patches when empty), their parts and a photo table; field.qgs, a QGIS/QField project whose forms list the facts in Chinese with value lists, check boxes and date pickers and take photos into DCIM/; the imagery clipped to the patches (optional); and manifest.json with the values exported, the base for merging the package back with wpzf:import_field_package.</source>
   <translation>为外业核查人员生成文件夹：field.gpkg 包含一个乡镇（留空为全部）的图斑、其分割地块和照片表；field.qgs 是 QGIS/QField 工程，表单以中文列出核查事实，提供下拉列表、复选框和日期选择器，拍照保存到 DCIM/；可选的按图斑裁剪的影像；manifest.json 记录导出时的值，作为用 wpzf:import_field_package 合并回来的基准。</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="23" />
   <source>Writes the 违法用地台账 and 矿产执法台账 (with each case's rectification status), the monthly statistics by township, the 附件5 accountability table and the registers of the case workflow (立案整改, 移交, 违法主体, 抽样复核) as xlsx; the accountability report, the monthly statistics, the half-year (半年报告) and annual (年度报告) reports and the rectification progress report as HTML and PDF (Chinese font embedded; .docx copies when python-docx is installed); one referral letter (移交函) per receiving department; and the 卫片执法图斑核查记录表 of every determined patch as PDF. Templates in the folder given override the shipped ones of the same name.</source>
   <translation>输出违法用地台账和矿产执法台账（含各案件整改情况）、分乡镇月度统计、附件5问责测算表以及案件登记台账（立案整改、移交、违法主体、抽样复核）xlsx；问责测算报告、月度统计、半年报告、年度报告和整改进展报告的 HTML 与 PDF（嵌入中文字体；安装 python-docx 时另出 .docx）；按接收部门各一份移交函；以及每个已判定图斑的卫片执法图斑核查记录表 PDF。所给文件夹中的模板替换同名内置模板。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="408" />
   <location filename="ui/case_tab.py" line="385" />
   <location filename="ui/roster_dialog.py" line="97" />
   <source>Year</source>
   <translation>年度</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="155" />
   <source>Yes</source>
   <translation>是</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="36" />
   <source>Your own template folder (optional)</source>
   <translation>自定义模板文件夹（可选）</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="98" />
   <source>Yours</source>
   <translation>我的</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="90" />
   <source>Zone</source>
   <translation>片区</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="100" />
   <source>Zone note</source>
   <translation>片区备注</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="473" />
   <source>Zone {zone} has no polygon yet.</source>
   <translation>片区 {zone} 尚无范围面。</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="418" />
   <source>Zone {zone}: a polygon is needed, not {kind}</source>
   <translation>片区 {zone}：需要面要素，而不是 {kind}</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="426" />
   <source>Zone {zone}: the coordinates are not longitude/latitude; transform the polygon to EPSG:4490 first</source>
   <translation>片区 {zone}：坐标不是经纬度，请先将面转换到 EPSG:4490</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="457" />
   <source>Zone {zone}: the polygon could not be used: {error}</source>
   <translation>片区 {zone}：无法使用该面：{error}</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="420" />
   <source>Zone {zone}: the polygon is empty</source>
   <translation>片区 {zone}：面为空</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="422" />
   <source>Zone {zone}: the polygon is not valid ({reason})</source>
   <translation>片区 {zone}：面几何无效（{reason}）</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="293" />
   <source>Zoom to zone</source>
   <translation>缩放至片区</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="249" />
   <source>a batch coded '{code}' was already imported on {date}; choose another batch code</source>
   <translation>编号为“{code}”的批次已于 {date} 导入；请使用其他批次编号</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="278" />
   <source>a part that belongs to no patch of the package is not imported</source>
   <translation>不属于本数据包任何图斑的地块不导入</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="247" />
   <source>a patch added in the field is not imported (patches come from the office's batches)</source>
   <translation>外业新增的图斑不导入（图斑来自内业批次）</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="271" />
   <source>a second 联络人 (also row {row}); the office has one contact</source>
   <translation>联络人重复（另见第 {row} 行）；办公室只设一名联络人</translation>
  </message>
  <message>
   <location filename="ui/postgis_dialog.py" line="74" />
   <source>a shared folder every workstation reaches</source>
   <translation>各工作站都能访问的共享文件夹</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="145" />
   <source>all text is ASCII</source>
   <translation>文本全部为 ASCII</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="760" />
   <source>already attached to patch {key} (as {name}); a photo belongs to one patch, not attached again</source>
   <translation>已添加到图斑 {key}（文件名 {name}）；一张照片只属于一个图斑，不再重复添加</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="754" />
   <source>already attached to this patch (as {name}, added {date}); not copied again</source>
   <translation>已添加到此图斑（文件名 {name}，添加于 {date}）；不再重复复制</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="444" />
   <location filename="exchange/photos.py" line="637" />
   <source>already in the workspace</source>
   <translation>工作空间中已有</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="757" />
   <source>already in the workspace without a patch (as {name}); not attached again</source>
   <translation>工作空间中已有此照片（文件名 {name}），未关联图斑；不再重复添加</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="900" />
   <source>approved by {name}</source>
   <translation>批准人{name}</translation>
  </message>
  <message>
   <location filename="processing/transfer_workspace.py" line="53" />
   <source>attachment missing in the source: {path}</source>
   <translation>源工作空间缺少附件：{path}</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="421" />
   <source>audit source: {source}</source>
   <translation>审计来源：{source}</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="179" />
   <source>batch issue date is missing</source>
   <translation>缺少批次下发日期</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="176" />
   <source>batch level must be one of {levels}, not '{level}'</source>
   <translation>批次级别应为 {levels} 之一，而不是“{level}”</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="80" />
   <source>batch: {code}  started {started}  finished {finished}</source>
   <translation>批次：{code}  开始 {started}  结束 {finished}</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="126" />
   <source>below the thresholds</source>
   <translation>未达到问责标准</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="635" />
   <location filename="exchange/photos.py" line="720" />
   <source>cancelled by the user; nothing was attached</source>
   <translation>用户已取消；未添加任何照片</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="799" />
   <source>cannot be copied into the workspace: {error}</source>
   <translation>无法复制到工作空间：{error}</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="614" />
   <source>cannot be read as CSV: {error}</source>
   <translation>无法按 CSV 读取：{error}</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="289" />
   <location filename="exchange/field_package.py" line="213" />
   <location filename="exchange/field_package.py" line="287" />
   <source>cannot be read: {error}</source>
   <translation>无法读取：{error}</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="397" />
   <source>cannot read the workbook: {error}</source>
   <translation>无法读取工作簿：{error}</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="175" />
   <source>cannot tell the text encoding: not UTF-8, and {why}; add a .cpg file or choose the encoding</source>
   <translation>无法确定文本编码：不是 UTF-8，且{why}；请添加 .cpg 文件或手动选择编码</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="415" />
   <source>cannot tell which patch the photo belongs to: the photo table names no patch, the file name has no 监测编号 of the package and its GPS position is inside none of its patches</source>
   <translation>无法确定照片所属图斑：照片表未指明图斑，文件名中没有本数据包的监测编号，GPS 位置也不在任何图斑内</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="253" />
   <source>chosen for this import</source>
   <translation>本次导入指定</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="453" />
   <location filename="ui/patch_card.py" line="92" />
   <source>clause {clause}</source>
   <translation>依据 {clause}</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="173" />
   <source>code</source>
   <translation>代码</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="693" />
   <source>column {name} is not a fact; ignored</source>
   <translation>列 {name} 不是核查事实，已忽略</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="695" />
   <source>column {name}: this value comes from the data and is not taken from a table; ignored</source>
   <translation>列 {name}：该值来自数据，不从表格读取，已忽略</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="426" />
   <source>conflicts to decide</source>
   <translation>待处理冲突</translation>
  </message>
  <message>
   <location filename="exchange/crs.py" line="85" />
   <source>coordinates ({minx:.3f}, {miny:.3f}) – ({maxx:.3f}, {maxy:.3f}) fit no CGCS2000 system; choose the coordinate system</source>
   <translation>坐标范围 ({minx:.3f}, {miny:.3f}) – ({maxx:.3f}, {maxy:.3f}) 不符合任何 CGCS2000 坐标系；请选择坐标系</translation>
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
   <location filename="exchange/importer.py" line="83" />
   <source>counts: {counts}</source>
   <translation>统计：{counts}</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="114" />
   <source>current</source>
   <translation>现状</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="289" />
   <source>damaged or truncated image</source>
   <translation>图像已损坏或不完整</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="58" />
   <source>default: the file name</source>
   <translation>默认：文件名</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="338" />
   <source>differs from row {row} of the same township; give it once</source>
   <translation>与同一乡镇第 {row} 行不一致；每个乡镇只需填写一次</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="376" />
   <source>duplicate zone {zone} (also row {row})</source>
   <translation>片区 {zone} 重复（另见第 {row} 行）</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="302" />
   <source>duplicate {what} code {code} (also row {row}, column {column})</source>
   <translation>{what}代码 {code} 重复（另见第 {row} 行 {column} 列）</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="275" />
   <source>e.g. 代自然资立〔2021〕1号</source>
   <translation>例如：代自然资立〔2021〕1号</translation>
  </message>
  <message>
   <location filename="exchange/crs.py" line="75" />
   <source>eastings carry zone number {zone} (3° zone, 中央经线 {cm}°E)</source>
   <translation>横坐标带有带号 {zone}（3度带，中央经线 {cm}°E）</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="332" />
   <source>empty geometry</source>
   <translation>几何为空</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="82" />
   <source>encoding: {encoding}</source>
   <translation>编码：{encoding}</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="438" />
   <location filename="exchange/importer.py" line="86" />
   <location filename="exchange/photos.py" line="636" />
   <source>errors</source>
   <translation>错误</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="195" />
   <source>file not found</source>
   <translation>找不到文件</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="259" />
   <source>from the file ({name})</source>
   <translation>取自文件（{name}）</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="334" />
   <source>geometry is a {type}; a patch must be a polygon</source>
   <translation>几何类型为 {type}；图斑必须是面</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="454" />
   <location filename="exchange/importer.py" line="209" />
   <location filename="exchange/importer.py" line="225" />
   <source>import cancelled by the user; nothing was written</source>
   <translation>用户取消了导入；未写入任何内容</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="79" />
   <source>imported</source>
   <translation>已导入</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="483" />
   <location filename="exchange/field_import.py" line="679" />
   <source>imported before on {date} by {user}; nothing changed</source>
   <translation>已于 {date} 由 {user} 导入过，未作任何更改</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="350" />
   <source>invalid geometry ({reason}) with no area left after repair</source>
   <translation>几何无效（{reason}），修复后面积为零</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="356" />
   <source>invalid geometry repaired ({reason}); area {before:.2f} → {after:.2f} m² ({change:+.2f} m², {rel:+.3f} %)</source>
   <translation>已修复无效几何（{reason}）；面积 {before:.2f} → {after:.2f} 平方米（{change:+.2f} 平方米，{rel:+.3f} %）</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="360" />
   <source>invalid geometry repaired ({reason}); the drawn ring's parts cancelled out (area {before:.2f} m²), the repaired patch has {after:.2f} m²</source>
   <translation>已修复无效几何（{reason}）；原绘制的环各部分面积相互抵消（面积 {before:.2f} 平方米），修复后图斑面积为 {after:.2f} 平方米</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="54" />
   <source>issued</source>
   <translation>下发</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="80" />
   <source>issued before as patch #{fid}</source>
   <translation>此前已作为图斑 #{fid} 下发</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="128" />
   <source>it was chosen for this import</source>
   <translation>本次导入指定了该编码</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="104" />
   <source>keep the office value</source>
   <translation>保留内业值</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="158" />
   <source>links to a folder outside the package ({target}); not taken</source>
   <translation>链接到数据包以外的文件夹（{target}），不予采用</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="85" />
   <source>mapping: {pairs}</source>
   <translation>字段映射：{pairs}</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="423" />
   <source>merged</source>
   <translation>已合并</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="253" />
   <source>missing</source>
   <translation>缺失</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="263" />
   <source>no .prj and no geometry to infer the coordinate system from</source>
   <translation>没有 .prj 文件，也没有可用于推断坐标系的几何</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="273" />
   <source>no .prj file: {reason}</source>
   <translation>没有 .prj 文件：{reason}</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="274" />
   <source>no .prj; inferred: {reason}</source>
   <translation>没有 .prj；推断：{reason}</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="669" />
   <source>no GPS position: the photo is attached without a map point</source>
   <translation>没有 GPS 位置：照片已添加，但不在地图上显示</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="264" />
   <source>no direction</source>
   <translation>无方向</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="118" />
   <source>no file is named</source>
   <translation>未指明文件</translation>
  </message>
  <message>
   <location filename="exchange/mapping.py" line="112" />
   <source>no folder for user profiles is configured</source>
   <translation>未设置用户方案文件夹</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="330" />
   <source>no geometry (null)</source>
   <translation>没有几何（空值）</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="221" />
   <source>no layer named '{name}'</source>
   <translation>没有名为“{name}”的图层</translation>
  </message>
  <message>
   <location filename="exchange/mapping.py" line="108" />
   <source>no mapping profile named '{name}'</source>
   <translation>没有名为“{name}”的映射方案</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="222" />
   <source>no patches in {what}; nothing to export</source>
   <translation>{what}中没有图斑，无可导出</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="674" />
   <source>no shooting direction (GPSImgDirection)</source>
   <translation>没有拍摄方向（GPSImgDirection）</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="676" />
   <source>no shooting time (DateTimeOriginal)</source>
   <translation>没有拍摄时间（DateTimeOriginal）</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="671" />
   <location filename="exchange/photos.py" line="285" />
   <source>no such file</source>
   <translation>文件不存在</translation>
  </message>
  <message>
   <location filename="ui/measure_dialog.py" line="221" />
   <location filename="ui/photo_panel.py" line="262" />
   <source>no time</source>
   <translation>无时间</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="217" />
   <source>no vector layer found</source>
   <translation>未找到矢量图层</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="320" />
   <location filename="store/rosters.py" line="444" />
   <source>no zone {zone} in the roster</source>
   <translation>名册中没有片区 {zone}</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="599" />
   <source>not a CSV or xlsx file</source>
   <translation>不是 CSV 或 xlsx 文件</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="209" />
   <location filename="exchange/field_package.py" line="282" />
   <source>not a field package: {name} is missing</source>
   <translation>不是外业数据包：缺少 {name}</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="71" />
   <source>not a readable zip archive</source>
   <translation>不是可读取的 zip 压缩包</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="290" />
   <source>not an image that can be read ({reason})</source>
   <translation>不是可读取的图像（{reason}）</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="573" />
   <source>not determined</source>
   <translation>未判定</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="403" />
   <source>not imported (workspace unchanged): {error}</source>
   <translation>未导入（工作空间未改变）：{error}</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="799" />
   <source>not received</source>
   <translation>未接收</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="435" />
   <source>not reviewed</source>
   <translation>未复核</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="777" />
   <location filename="ui/case_tab.py" line="798" />
   <source>not sent</source>
   <translation>未发出</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="123" />
   <location filename="ui/case_tab.py" line="153" />
   <location filename="ui/case_tab.py" line="156" />
   <source>not set</source>
   <translation>未填写</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="529" />
   <location filename="store/conflicts.py" line="211" />
   <source>not split</source>
   <translation>未分割</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="215" />
   <source>not the manifest of a WPZF field package</source>
   <translation>不是 WPZF 外业数据包的清单</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="74" />
   <source>overdue in {township}: {n}</source>
   <translation>{township}逾期：{n}个</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="325" />
   <source>part {key}-{part} was replaced in the office (the patch was split again); its field values were not merged</source>
   <translation>地块 {key}-{part} 已在内业被替换（图斑已重新分割），其外业值未合并</translation>
  </message>
  <message>
   <location filename="reports/render.py" line="85" />
   <source>patch #{fid} does not exist</source>
   <translation>图斑 #{fid} 不存在</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="709" />
   <location filename="store/cases.py" line="146" />
   <location filename="store/registers.py" line="60" />
   <source>patch #{tbid} does not exist</source>
   <translation>图斑 #{tbid} 不存在</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="251" />
   <source>patch {key} appears more than once in the patch layer; split a patch in the parts layer instead</source>
   <translation>图斑 {key} 在图斑图层中出现多次，请在分割地块图层中分割图斑</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="299" />
   <source>patch {key} has a single part that is not the whole patch; the split was not imported</source>
   <translation>图斑 {key} 只有一个地块且不是整个图斑，分割未导入</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="227" />
   <source>patch {key} is no longer in the workspace; its field values were not merged</source>
   <translation>图斑 {key} 已不在工作空间中，其外业值未合并</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="436" />
   <source>photos added</source>
   <translation>新增照片</translation>
  </message>
  <message>
   <location filename="reports/docx_export.py" line="42" />
   <source>python-docx is not installed, so no .docx reports were written. Install it with “pip install python-docx” (in QGIS's Python) or, on Debian/Ubuntu, “apt install python3-docx”.</source>
   <translation>未安装 python-docx，未生成 .docx 报告。请用“pip install python-docx”（在 QGIS 的 Python 中）安装，或在 Debian/Ubuntu 上用“apt install python3-docx”安装。</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="170" />
   <source>read as GBK, row {row} field {field} gives unusual characters ('{sample}')</source>
   <translation>按 GBK 读取时，第 {row} 行字段 {field} 出现异常字符（“{sample}”）</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="240" />
   <source>reading the records failed: {error}</source>
   <translation>读取记录失败：{error}</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="438" />
   <source>rejected</source>
   <translation>已拒绝</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="439" />
   <source>required for 不真实</source>
   <translation>结论为不真实时必填</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="78" />
   <source>result: {result}</source>
   <translation>结果：{result}</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="559" />
   <source>roster.xlsx</source>
   <translation>名册.xlsx</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="174" />
   <source>roster: {what} {value} is used twice ({a} and {b})</source>
   <translation>名册：{what} {value} 被使用两次（{a} 和 {b}）</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="435" />
   <source>row {row}</source>
   <translation>第 {row} 行</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="173" />
   <source>row {row} field {field} is not valid GBK either</source>
   <translation>第 {row} 行字段 {field} 也不是有效的 GBK</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="181" />
   <source>rule-set year {year} is not plausible</source>
   <translation>规则年度 {year} 不合理</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="227" />
   <source>several layers ({names}); choose one</source>
   <translation>有多个图层（{names}）；请选择一个</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="148" />
   <source>sheet {sheet}</source>
   <translation>工作表 {sheet}</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="85" />
   <source>someone else</source>
   <translation>其他人</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="344" />
   <location filename="store/conflicts.py" line="281" />
   <source>split</source>
   <translation>分割</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="529" />
   <location filename="store/conflicts.py" line="211" />
   <source>split into {n} parts</source>
   <translation>分割为{n}块</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="433" />
   <source>splits</source>
   <translation>分割</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="419" />
   <source>started {started}  finished {finished}</source>
   <translation>开始 {started}  结束 {finished}</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="105" />
   <source>take the field value</source>
   <translation>采用外业值</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="286" />
   <source>taken before the patch was issued</source>
   <translation>拍摄时间早于图斑下发时间</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="678" />
   <source>taken on {taken}, before the patch was issued on {issued}</source>
   <translation>拍摄于 {taken}，早于图斑下发时间 {issued}</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="671" />
   <source>taken {distance:.0f} m outside the patch (tolerance {tolerance:.0f} m)</source>
   <translation>拍摄位置在图斑外 {distance:.0f} 米（容差 {tolerance:.0f} 米）</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="162" />
   <source>text decodes as UTF-8 but reads as garbled characters ('{sample}'); the file was probably converted wrongly before — ask the sender for the original or choose the encoding</source>
   <translation>文本可按 UTF-8 解码，但内容是乱码（“{sample}”）；文件可能在此前被错误转换过——请向发送方索取原始文件或手动选择编码</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="178" />
   <source>text is not UTF-8 and reads as GBK Chinese</source>
   <translation>文本不是 UTF-8，按 GBK 读取为正常中文</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="119" />
   <source>text is not valid {codec} although {why}; fix the .cpg or choose the encoding</source>
   <translation>文本不是有效的 {codec}，但{why}；请修正 .cpg 或手动选择编码</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="166" />
   <source>text is valid UTF-8</source>
   <translation>文本为有效的 UTF-8</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="141" />
   <source>the .cpg says {label}</source>
   <translation>.cpg 指定为 {label}</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="148" />
   <source>the DBF language id 0x{ldid:02X} says {codec}</source>
   <translation>DBF 语言标识 0x{ldid:02X} 指定为 {codec}</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="351" />
   <source>the GPS position in the file is not valid; ignored</source>
   <translation>文件中的 GPS 位置无效；已忽略</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="346" />
   <source>the GPS position is 0°, 0° (the phone had no satellite fix); ignored</source>
   <translation>GPS 位置为 0°, 0°（拍摄时手机未定位）；已忽略</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="60" />
   <source>the attribute table (.dbf) header is damaged (fields add up to {offset} bytes, the header says {length})</source>
   <translation>属性表（.dbf）文件头已损坏（字段合计 {offset} 字节，文件头记载 {length} 字节）</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="48" />
   <source>the attribute table (.dbf) is empty or truncated</source>
   <translation>属性表（.dbf）为空或不完整</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="206" />
   <source>the attribute table (.dbf) is missing beside the .shp</source>
   <translation>.shp 旁缺少属性表（.dbf）</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="66" />
   <source>the attribute table (.dbf) is truncated: the header announces {n} records but only {have} are present</source>
   <translation>属性表（.dbf）不完整：文件头记载 {n} 条记录，实际只有 {have} 条</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="223" />
   <source>the base records were changed after the export; the package cannot be merged safely</source>
   <translation>基准记录在导出后被修改，无法安全合并</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="316" />
   <source>the code of township {township} is empty</source>
   <translation>乡镇 {township} 的代码为空</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="347" />
   <source>the code of village {village} is empty</source>
   <translation>村 {village} 的代码为空</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="178" />
   <source>the column is missing</source>
   <translation>缺少此列</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="381" />
   <source>the commander of zone {zone} is empty</source>
   <translation>片区 {zone} 的指挥长为空</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="257" />
   <source>the coordinate system '{name}' is not recognised; choose it</source>
   <translation>无法识别坐标系“{name}”；请手动选择</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="368" />
   <source>the direction is against magnetic north (GPSImgDirectionRef M); it is shown as if against true north (about 5° off in northern China)</source>
   <translation>拍摄方向以磁北为准（GPSImgDirectionRef 为 M），按真北显示（华北地区约相差 5°）</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="591" />
   <source>the field project could not be written: {error}</source>
   <translation>外业工程无法写入：{error}</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="533" />
   <source>the file changed while it was being copied</source>
   <translation>复制过程中文件发生了变化</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="270" />
   <source>the file has no field {sources} for {alias} ({code}), required by mapping profile '{profile}'</source>
   <translation>文件中没有映射方案“{profile}”要求的 {alias}（{code}）字段 {sources}</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="279" />
   <source>the file has no records</source>
   <translation>文件中没有记录</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="197" />
   <source>the file is empty (0 bytes)</source>
   <translation>文件为空（0 字节）</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="288" />
   <source>the file is missing: {path}</source>
   <translation>文件缺失：{path}</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="218" />
   <source>the folder is not empty; choose a new folder for the package</source>
   <translation>文件夹不为空，请为数据包选择一个新文件夹</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="328" />
   <source>the geometry bytes cannot be read</source>
   <translation>几何数据无法读取</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="194" />
   <source>the imagery could not be clipped</source>
   <translation>影像无法裁剪</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="287" />
   <source>the imagery was not included: {error}</source>
   <translation>未包含影像：{error}</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="456" />
   <location filename="exchange/field_import.py" line="651" />
   <source>the import failed and nothing was written: {error}</source>
   <translation>导入失败，未写入任何内容：{error}</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="208" />
   <source>the index file (.shx) is missing beside the .shp; copy all files of the shapefile</source>
   <translation>.shp 旁缺少索引文件（.shx）；请复制 shapefile 的全部文件</translation>
  </message>
  <message>
   <location filename="exchange/landsurvey.py" line="34" />
   <source>the layer cannot be read</source>
   <translation>无法读取该图层</translation>
  </message>
  <message>
   <location filename="exchange/landsurvey.py" line="38" />
   <source>the layer has no field {field} (for {role})</source>
   <translation>图层中没有字段 {field}（用于 {role}）</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="295" />
   <source>the layer {layer} is missing</source>
   <translation>缺少图层 {layer}</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="221" />
   <source>the manifest has no base records</source>
   <translation>清单中没有基准记录</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="267" />
   <source>the name is empty</source>
   <translation>姓名为空</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="261" />
   <source>the outline of patch {key} was changed in the field; the office's outline is kept</source>
   <translation>图斑 {key} 的边界在外业被修改，保留内业边界</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="136" />
   <source>the parts drawn in the field do not cut the patch in two or more parts</source>
   <translation>外业绘制的地块未将图斑分为两块或以上</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="142" />
   <source>the parts drawn in the field leave {area:.1f} m² of the patch uncovered</source>
   <translation>外业绘制的地块留下 {area:.1f} 平方米未覆盖</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="544" />
   <source>the relation {name} of the field project is not valid</source>
   <translation>外业工程的关联 {name} 无效</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="463" />
   <location filename="exchange/field_import.py" line="658" />
   <location filename="exchange/importer.py" line="232" />
   <source>the report could not be saved: {error}</source>
   <translation>报告无法保存：{error}</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="765" />
   <source>the same photo as {other} in this selection</source>
   <translation>与本次所选的 {other} 是同一张照片</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="221" />
   <source>the selection</source>
   <translation>所选图斑</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="203" />
   <source>the shapefile is empty or truncated (no 100-byte header)</source>
   <translation>shapefile 为空或不完整（缺少 100 字节文件头）</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="172" />
   <source>the sheet is missing</source>
   <translation>缺少此工作表</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="358" />
   <source>the split of patch {key} was not imported: {error}</source>
   <translation>图斑 {key} 的分割未导入：{error}</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="700" />
   <source>the table has no fact column (by code or Chinese name)</source>
   <translation>表格没有核查事实列（代码或中文名）</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="685" />
   <source>the table has no 监测编号 (JCBH) column</source>
   <translation>表格没有监测编号（JCBH）列</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="608" />
   <source>the text is neither UTF-8 nor GBK</source>
   <translation>文本既不是 UTF-8 也不是 GBK</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="313" />
   <source>the township is empty</source>
   <translation>乡镇为空</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="344" />
   <source>the village name is empty</source>
   <translation>村名称为空</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="596" />
   <source>the workbook has no sheet</source>
   <translation>工作簿没有工作表</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="67" />
   <source>the zip contains a path that leaves its folder: {name}</source>
   <translation>压缩包中含有指向包外的路径：{name}</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="75" />
   <source>the zip holds no shapefile, GeoPackage or FileGDB</source>
   <translation>压缩包中没有 shapefile、GeoPackage 或 FileGDB</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="78" />
   <source>the zip holds several datasets ({names}); unpack it and import one at a time</source>
   <translation>压缩包中有多个数据集（{names}）；请解压后逐个导入</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="373" />
   <source>the zone name is empty</source>
   <translation>片区名称为空</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="350" />
   <source>the 包保 leader of village {village} is empty</source>
   <translation>村 {village} 的包保领导为空</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="247" />
   <source>this file was already imported as batch '{code}' on {date}; nothing is imported twice</source>
   <translation>该文件已于 {date} 作为批次“{code}”导入；不会重复导入</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="476" />
   <source>this package was exported from another workspace ({location}); import it there</source>
   <translation>此数据包导出自另一个工作空间（{location}），请在那里导入</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="405" />
   <source>this package was imported before; nothing changed</source>
   <translation>此数据包已导入过，未作任何更改</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="714" />
   <source>this workspace has no folder for attachments</source>
   <translation>此工作空间没有附件文件夹</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="327" />
   <source>township</source>
   <translation>乡镇</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="319" />
   <source>township code {code} is {name} in row {row}</source>
   <translation>乡镇代码 {code} 在第 {row} 行对应 {name}</translation>
  </message>
  <message>
   <location filename="exchange/field_export.py" line="221" />
   <source>township {name}</source>
   <translation>乡镇 {name}</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="323" />
   <source>township {name} has the code {code} in row {row}</source>
   <translation>乡镇 {name} 在第 {row} 行的代码为 {code}</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="103" />
   <source>undecided</source>
   <translation>未决定</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="127" />
   <source>undecided (see the report)</source>
   <translation>待定（见问责测算报告）</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="116" />
   <source>under 95 %: {names}</source>
   <translation>低于95%：{names}</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="272" />
   <location filename="ui/photo_panel.py" line="275" />
   <source>unknown</source>
   <translation>未知</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="140" />
   <source>unknown code page '{label}' in the .cpg file</source>
   <translation>.cpg 文件中的代码页“{label}”无法识别</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="180" />
   <source>unknown column; the sheet has the columns {columns}</source>
   <translation>未知列；此工作表的列为 {columns}</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="214" />
   <source>unknown item {item}; the items are {items}</source>
   <translation>未知项目 {item}；可用项目为 {items}</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="165" />
   <source>unknown sheet {sheet}; a roster workbook has the sheets {sheets}</source>
   <translation>未知工作表 {sheet}；名册工作簿应包含工作表 {sheets}</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="107" />
   <source>verify by {date}</source>
   <translation>核查截止 {date}</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="352" />
   <source>village</source>
   <translation>村</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="312" />
   <source>village {village} without township</source>
   <translation>村 {village} 未填写所属乡镇</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="439" />
   <location filename="exchange/field_package.py" line="349" />
   <location filename="exchange/importer.py" line="86" />
   <source>warnings</source>
   <translation>警告</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="116" />
   <source>what-if</source>
   <translation>假设</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="126" />
   <source>within the accountability scope</source>
   <translation>纳入问责范围</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="217" />
   <source>written by a newer WPZF (package format {version}); update the plugin</source>
   <translation>由更新版本的 WPZF 写入（数据包格式 {version}），请升级插件</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="173" />
   <source>zone name</source>
   <translation>片区名称</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="629" />
   <source>{added} photo(s) added, {duplicates} already there, {errors} not readable, {warnings} warning(s)</source>
   <translation>添加照片 {added} 张，已存在 {duplicates} 张，无法读取 {errors} 个，警告 {warnings} 条</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="71" />
   <source>{changed} deadlines changed; {overdue} open patches overdue, {soon} due within {days} days</source>
   <translation>更新{changed}个截止日期；{overdue}个未完成图斑已逾期，{soon}个将在{days}天内到期</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="42" />
   <source>{date} (overdue by {n} days)</source>
   <translation>{date}（已逾期 {n} 天）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="40" />
   <source>{date} (reviewed)</source>
   <translation>{date}（已核查）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="43" />
   <source>{date} ({n} days left)</source>
   <translation>{date}（剩余 {n} 天）</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="836" />
   <source>{department} is registered already: edit its line.</source>
   <translation>{department}已登记，请修改其登记记录。</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="284" />
   <source>{distance:.0f} m outside the patch</source>
   <translation>在图斑外 {distance:.0f} 米</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="783" />
   <source>{fact}: correcting the value the data gives needs a reason</source>
   <translation>{fact}：修正数据给出的值须说明理由</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="797" />
   <source>{fact}: must not be negative</source>
   <translation>{fact}：不能为负数</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="794" />
   <source>{fact}: {date} is in the future</source>
   <translation>{fact}：{date} 晚于今天</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="147" />
   <source>{file}, sheet {sheet}</source>
   <translation>{file}，工作表 {sheet}</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="395" />
   <source>{first} (and {n} more)</source>
   <translation>{first}（另有 {n} 条）</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="225" />
   <source>{item} is empty</source>
   <translation>{item}为空</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="218" />
   <source>{item} is given twice (also row {row})</source>
   <translation>{item} 重复填写（另见第 {row} 行）</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="406" />
   <source>{merged} value(s) merged, {conflicts} conflict(s) to decide, {splits} split(s), {photos} photo(s) added, {rejected} item(s) rejected</source>
   <translation>合并 {merged} 个值，待处理冲突 {conflicts} 个，分割 {splits} 个，新增照片 {photos} 张，拒绝 {rejected} 项</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="65" />
   <source>{mu} mu (ellipsoidal); issued {issued} mu</source>
   <translation>{mu} 亩（椭球面积）；下发 {issued} 亩</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="882" />
   <source>{name} added, but the check character of the ID number is wrong: please check it.</source>
   <translation>已添加{name}，但证件号码校验位错误，请核对。</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="885" />
   <source>{name} added.</source>
   <translation>已添加{name}。</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="343" />
   <source>{name} is not a raster layer</source>
   <translation>{name} 不是栅格图层</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="359" />
   <source>{name} is not a vector layer</source>
   <translation>{name} 不是矢量图层</translation>
  </message>
  <message>
   <location filename="ui/dashboard.py" line="128" />
   <source>{name}: illegal use of cultivated land {num:.2f} mu of {den:.2f} mu new construction = {ratio} (thresholds {area} mu and {limit:.0f} %) → {verdict}</source>
   <translation>{name}：违法占用耕地{num:.2f}亩 / 新增建设用地占用耕地{den:.2f}亩 = {ratio}（标准：{area}亩且{limit:.0f}%）→ {verdict}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="553" />
   <source>{n} deadlines changed.</source>
   <translation>已更新{n}个截止日期。</translation>
  </message>
  <message>
   <location filename="processing/export_atlas.py" line="84" />
   <location filename="processing/export_reports.py" line="56" />
   <location filename="ui/dock.py" line="749" />
   <source>{n} files written to {folder}</source>
   <translation>已写出 {n} 个文件到 {folder}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="709" />
   <source>{n} listed patches</source>
   <translation>列表中的 {n} 个图斑</translation>
  </message>
  <message>
   <location filename="ui/conflict_resolver.py" line="112" />
   <source>{n} open conflict(s): facts changed both in the office and in the field since the package was exported. Choose per row which value stands, then apply.</source>
   <translation>{n} 个待处理冲突：数据包导出后内业和外业都修改了这些事实。请逐行选择采用哪个值，然后应用。</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="580" />
   <source>{n} patches drawn from {towns} townships. Filter the queue by 'Sampled for review' to step through them.</source>
   <translation>已从{towns}个乡镇抽取{n}个图斑。在列表中筛选“抽样复核”即可逐个复核。</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="226" />
   <source>{n} photo(s)</source>
   <translation>照片 {n} 张</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="228" />
   <source>{n} with a warning</source>
   <translation>其中 {n} 张有警告</translation>
  </message>
  <message>
   <location filename="ui/case_tab.py" line="897" />
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
   <location filename="exchange/field_package.py" line="346" />
   <source>{patches} patch(es), {parts} part(s) for {verifier} in {folder}</source>
   <translation>{patches} 个图斑、{parts} 个地块，核查人员 {verifier}，位于 {folder}</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="130" />
   <source>{path} cannot be resolved</source>
   <translation>{path} 无法解析</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="122" />
   <source>{path} is an absolute path; only files inside the package are taken</source>
   <translation>{path} 是绝对路径，只采用数据包内的文件</translation>
  </message>
  <message>
   <location filename="reports/atlas.py" line="633" />
   <source>{path} is not a print layout template</source>
   <translation>{path} 不是打印布局模板</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="135" />
   <source>{path} is not in the package</source>
   <translation>{path} 不在数据包中</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="124" />
   <source>{path} leaves the package folder; only files inside the package are taken</source>
   <translation>{path} 超出数据包文件夹，只采用数据包内的文件</translation>
  </message>
  <message>
   <location filename="exchange/field_package.py" line="132" />
   <source>{path} links to a file outside the package ({target}); only files inside the package are taken</source>
   <translation>{path} 链接到数据包以外的文件（{target}），只采用数据包内的文件</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="431" />
   <source>{shown} of {total} patches shown; {done} of them reviewed</source>
   <translation>显示 {shown} / 共 {total} 个图斑；其中已核查 {done} 个</translation>
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
   <location filename="processing/overlay_landuse.py" line="90" />
   <source>{units} patches/parts measured; {uncovered} not wholly covered by the survey</source>
   <translation>已计算 {units} 个图斑/地块；{uncovered} 个未被三调完全覆盖</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="258" />
   <source>{value} is not a body; write {choices}</source>
   <translation>{value} 不是有效机构；请填写 {choices}</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="262" />
   <source>{value} is not a role in {body}; write {choices}</source>
   <translation>{value} 不是{body}的职务类别；请填写 {choices}</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="90" />
   <source>{what} was saved by {who} after you opened it.</source>
   <translation>{what}在您打开后已由{who}保存。</translation>
  </message>
  <message>
   <location filename="ui/conflict_dialog.py" line="87" />
   <source>{what} was saved by {who} at {when} after you opened it.</source>
   <translation>{what}在您打开后已由{who}于{when}保存。</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="31" />
   <source>{what}: '{value}' is not a date like 2021-05-06</source>
   <translation>{what}：“{value}”不是 2021-05-06 格式的日期</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="77" />
   <source>{where}, column {column}</source>
   <translation>{where}，{column} 列</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="75" />
   <source>{where}, row {row}</source>
   <translation>{where}，第 {row} 行</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="222" />
   <source>{where}: unknown 类别 (LB) {value}</source>
   <translation>{where}：未知类别（LB）{value}</translation>
  </message>
  <message>
   <location filename="store/rosters.py" line="272" />
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
   <location filename="ui/patch_card.py" line="63" />
   <source>{zone}: commander {commander}; units {units}</source>
   <translation>{zone}：指挥长{commander}；责任单位{units}</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="162" />
   <location filename="exchange/field_import.py" line="740" />
   <source>“{value}” is not a valid value of {alias}</source>
   <translation>“{value}”不是{alias}的有效值</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="64" />
   <source>… and {n} more</source>
   <translation>……另有 {n} 处</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="303" />
   <source>… and {n} more bad values</source>
   <translation>……另有 {n} 个错误值</translation>
  </message>
  <message>
   <location filename="ui/roster_dialog.py" line="88" />
   <source>包保 leader</source>
   <translation>包保领导</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="229" />
   <source>年度 {value} is not a year</source>
   <translation>年度 {value} 不是有效年份</translation>
  </message>
  <message>
   <location filename="exchange/roster_xlsx.py" line="241" />
   <source>来源 is not a JSON object</source>
   <translation>来源不是 JSON 对象</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="83" />
   <source>监测编号 (JCBH) must be mapped to a source field.</source>
   <translation>监测编号（JCBH）必须映射到来源字段。</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="713" />
   <location filename="exchange/importer.py" line="309" />
   <source>监测编号 is empty</source>
   <translation>监测编号为空</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="728" />
   <source>监测编号 {key} appears twice in the table (also row {row})</source>
   <translation>监测编号 {key} 在表中出现两次（另见第 {row} 行）</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="311" />
   <source>监测编号 {key} appears twice in this batch (also row {row})</source>
   <translation>监测编号 {key} 在本批次中重复出现（另见第 {row} 行）</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="720" />
   <source>监测编号 {key} is not in the workspace</source>
   <translation>监测编号 {key} 不在工作空间中</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="384" />
   <source>监测编号 {key} was issued before (batch {batch}); kept as a re-issue linked to the earlier patch</source>
   <translation>监测编号 {key} 此前已下发（批次 {batch}）；作为重复下发保留，并关联到原图斑</translation>
  </message>
  <message>
   <location filename="exchange/field_import.py" line="725" />
   <source>监测编号 {key} was issued in {n} batches; the latest ({batch}) was used</source>
   <translation>监测编号 {key} 在 {n} 个批次中下发，采用最新批次（{batch}）</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="41" />
   <source>省级: claimed within days</source>
   <translation>省级：认领期限（天）</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="42" />
   <source>省级: verified within days</source>
   <translation>省级：核查期限（天）</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="39" />
   <source>部级: city review by this day of the next month</source>
   <translation>部级：次月市级审核截止日</translation>
  </message>
  <message>
   <location filename="processing/refresh_deadlines.py" line="38" />
   <source>部级: verified by this day of the next month</source>
   <translation>部级：次月核查截止日</translation>
  </message>
 </context>
</TS>
