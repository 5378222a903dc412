<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
 <context>
  <name>wpzf</name>
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
   <location filename="ui/compare.py" line="501" />
   <source>A second map beside the main one showing 'before', in step with it</source>
   <translation>在主地图旁显示前时相影像的第二地图，与主地图同步</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="63" />
   <source>Accountability figures (附件5)</source>
   <translation>问责测算（附件5）</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="90" />
   <source>Accountability table</source>
   <translation>问责测算表</translation>
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
   <location filename="ui/queue.py" line="131" />
   <source>All batches</source>
   <translation>全部批次</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="135" />
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
   <location filename="ui/queue.py" line="103" />
   <source>All levels</source>
   <translation>全部级别</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="104" />
   <source>All statuses</source>
   <translation>全部状态</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="132" />
   <source>All townships</source>
   <translation>全部乡镇</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="133" />
   <source>All villages</source>
   <translation>全部村</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="32" />
   <source>Also one record form per patch</source>
   <translation>同时导出每个图斑的核查记录表</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="50" />
   <source>Another protection layer</source>
   <translation>其他保护图层</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="108" />
   <source>Any deadline</source>
   <translation>全部期限</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="29" />
   <source>Applies the year's determination rules to every row of a layer or table whose fields are the facts of the facts contract (e.g. XZJSYD, BHLX, SJYT, YDPF …; see rules/README.md) and writes the same rows with 判定结果 (PDJG), flags, the clause cited, a Chinese explanation and the facts still missing. Missing fact fields count as unknown.</source>
   <translation>按当年判定规则逐行判定图层或表格中的图斑：字段为核查事实（如 XZJSYD、BHLX、SJYT、YDPF 等，见 rules/README.md），输出同样的记录并加上判定结果（PDJG）、标注、依据条款、中文判定说明和仍缺少的事实。缺少的事实字段视为未知。</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="59" />
   <source>Approval and registration</source>
   <translation>批准与登记</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="56" />
   <source>Area</source>
   <translation>面积</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="14" />
   <source>Area (mu)</source>
   <translation>面积（亩）</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="41" />
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
   <location filename="ui/dock.py" line="467" />
   <location filename="ui/dock.py" line="470" />
   <source>Audit log</source>
   <translation>审计日志</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="48" />
   <source>Basic farmland layer (永久基本农田)</source>
   <translation>永久基本农田图层</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="49" />
   <location filename="ui/queue.py" line="13" />
   <source>Batch</source>
   <translation>批次</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="59" />
   <source>Batch code</source>
   <translation>批次编号</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="78" />
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
   <location filename="processing/import_batch.py" line="86" />
   <source>Batch id</source>
   <translation>批次号</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="72" />
   <source>Batch level</source>
   <translation>批次级别</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="489" />
   <source>Before</source>
   <translation>前时相</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="300" />
   <source>Before imagery</source>
   <translation>前时相影像</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="84" />
   <source>CRS (empty: from the file or inferred)</source>
   <translation>坐标系（留空：取文件自带或自动推断）</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="82" />
   <source>CRS: {crs}</source>
   <translation>坐标系：{crs}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="168" />
   <location filename="ui/photo_panel.py" line="355" />
   <source>Cancel</source>
   <translation>取消</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="89" />
   <source>Cancelled; the workspace is unchanged</source>
   <translation>已取消；工作空间未改动</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="58" />
   <source>Change and use</source>
   <translation>变化与用途</translation>
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
   <location filename="ui/facts_form.py" line="385" />
   <source>Computed: {formula}</source>
   <translation>计算：{formula}</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="27" />
   <source>Computes for every patch, and every part of a split patch, its ellipsoidal overlap with each land class (DLBM) of a 三调-style land-survey layer — 田坎 deducted by KCXS — summed into 农用地/建设用地/未利用地 and 耕地, and its overlap with basic farmland and another protection layer. The breakdown and the summary areas (GDMJ, YJJBNTMJ, NYDMJ, JSYDMJ, WLYDMJ) are stored in the workspace in one audited transaction. Only the parcels near the patches are read, through the layer's spatial index.</source>
   <translation>计算每个图斑（及分割后的每个地块）与三调地类图斑层各地类（DLBM）的椭球重叠面积（按 KCXS 扣除田坎），汇总为农用地/建设用地/未利用地及耕地，并计算与永久基本农田及其他保护图层的重叠面积。分地类明细和汇总面积（GDMJ、YJJBNTMJ、NYDMJ、JSYDMJ、WLYDMJ）在一个事务中写入工作空间并记入审计日志。只通过图层的空间索引读取图斑附近的地类图斑。</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="65" />
   <source>Computes the accountability figures of 附件5 from a workspace, or from a table of determined patches (the output of Determine patches) or of accountability rows: illegally occupied cultivated land, the denominator, every adjustment line, the ratio against 15 % and the area thresholds (county 100, city 500, province 5000 亩), with a note when a figure sits on a threshold, and the 增违挂钩 amount. One row per region.</source>
   <translation>根据工作空间，或已判定图斑表（“图斑判定”的输出）、问责测算行表，计算附件5问责指标：违法占用耕地面积、分母、逐项扣除、与15%比较的比例及面积标准（县100亩、市500亩、省5000亩），数值处于临界时给出说明，并计算增违挂钩面积。每个地区一行。</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="80" />
   <source>Coordinate system</source>
   <translation>坐标系</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="315" />
   <source>Correct</source>
   <translation>修正</translation>
  </message>
  <message>
   <location filename="processing/determine_workspace.py" line="34" />
   <source>Counts by category</source>
   <translation>各判定类型数量</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="70" />
   <source>Create the workspace if it does not exist</source>
   <translation>工作空间不存在时新建</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="347" />
   <source>Data: {value}</source>
   <translation>数据：{value}</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="50" />
   <location filename="ui/queue.py" line="15" />
   <source>Deadline</source>
   <translation>截止日期</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="30" />
   <source>Detect automatically</source>
   <translation>自动检测</translation>
  </message>
  <message>
   <location filename="processing/base.py" line="8" />
   <location filename="ui/queue.py" line="15" />
   <source>Determination</source>
   <translation>判定类型</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="77" />
   <location filename="ui/dock.py" line="396" />
   <location filename="ui/dock.py" line="388" />
   <source>Determine</source>
   <translation>判定</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="27" />
   <source>Determine patches (附件4)</source>
   <translation>图斑判定（附件4）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="78" />
   <source>Determine the listed patches from their recorded facts (附件4)</source>
   <translation>根据已录入的核查事实判定列表中的图斑（附件4）</translation>
  </message>
  <message>
   <location filename="processing/determine_workspace.py" line="19" />
   <source>Determine the workspace's patches</source>
   <translation>判定工作空间中的图斑</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="43" />
   <source>Determined patches</source>
   <translation>已判定图斑</translation>
  </message>
  <message>
   <location filename="processing/determine_workspace.py" line="21" />
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
   <location filename="ui/queue.py" line="109" />
   <source>Due within 3 days</source>
   <translation>3天内到期</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="109" />
   <source>Due within 7 days</source>
   <translation>7天内到期</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="51" />
   <source>E</source>
   <translation>东</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="67" />
   <source>Edit…</source>
   <translation>编辑…</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="310" />
   <source>Every listed patch is reviewed.</source>
   <translation>列表中的图斑均已核查。</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="21" />
   <source>Export reports</source>
   <translation>导出报表</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="61" />
   <source>Facility agriculture</source>
   <translation>设施农业</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="55" />
   <source>Fact fields found: {fields}</source>
   <translation>找到的事实字段：{fields}</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="71" />
   <source>Field mapping</source>
   <translation>字段映射</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="80" />
   <source>Field mapping profile (name or .json file)</source>
   <translation>字段映射方案（名称或 .json 文件）</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="29" />
   <source>Field mapping: {name}</source>
   <translation>字段映射：{name}</translation>
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
   <location filename="processing/export_reports.py" line="35" />
   <source>Files written</source>
   <translation>写出的文件数</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="152" />
   <source>Findings</source>
   <translation>核查事实</translation>
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
   <location filename="ui/patch_card.py" line="69" />
   <source>Geometry</source>
   <translation>几何</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="105" />
   <source>Give a workspace or an input table</source>
   <translation>请指定工作空间或输入表</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="43" />
   <source>Gives every patch its township and village (codes and names): from its own administrative codes when the batch has them, otherwise the boundary polygon covering most of the patch. The village then names the county leader who guarantees it (附件2). Audited.</source>
   <translation>为每个图斑确定所属乡镇和村（代码和名称）：批次自带行政区代码时按代码，否则按覆盖图斑面积最大的界线多边形；村确定后即可查到包保的县领导（附件2）。所有改动记入审计日志。</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="159" />
   <source>Imagery</source>
   <translation>影像对比</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="88" />
   <source>Import</source>
   <translation>导入</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="419" />
   <location filename="ui/dock.py" line="453" />
   <source>Import batch</source>
   <translation>导入批次</translation>
  </message>
  <message>
   <location filename="plugin.py" line="71" />
   <location filename="ui/dock.py" line="76" />
   <source>Import batch…</source>
   <translation>导入批次…</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="122" />
   <source>Import failed, workspace unchanged:</source>
   <translation>导入失败，工作空间未作任何改动：</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="50" />
   <location filename="ui/import_dialog.py" line="36" />
   <source>Import patch batch</source>
   <translation>导入图斑批次</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="479" />
   <source>Import report</source>
   <translation>导入报告</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="88" />
   <source>Import report file</source>
   <translation>导入报告文件</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="482" />
   <source>Imported {n} patches into batch {code}.</source>
   <translation>已导入 {n} 个图斑到批次 {code}。</translation>
  </message>
  <message>
   <location filename="ui/tasks.py" line="14" />
   <source>Importing {name}</source>
   <translation>正在导入 {name}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="435" />
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
   <location filename="processing/import_batch.py" line="93" />
   <location filename="ui/import_dialog.py" line="52" />
   <source>Issue date</source>
   <translation>下发日期</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="74" />
   <source>Issue date (YYYY-MM-DD)</source>
   <translation>下发日期（YYYY-MM-DD）</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="52" />
   <source>Its summary field (e.g. STBHHXMJ)</source>
   <translation>其汇总字段（如 STBHHXMJ）</translation>
  </message>
  <message>
   <location filename="ui/findings_tab.py" line="113" />
   <source>Keep mine</source>
   <translation>保留我的</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="58" />
   <source>Land classes (mu)</source>
   <translation>地类面积（亩）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="63" />
   <source>Land survey (mu)</source>
   <translation>三调地类（亩）</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="43" />
   <source>Land-class field</source>
   <translation>地类编码字段</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="42" />
   <source>Land-survey layer (DLTB)</source>
   <translation>三调地类图斑图层（DLTB）</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="25" />
   <source>Land-survey overlay (三调 areas)</source>
   <translation>三调叠加分析（分地类面积）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="84" />
   <source>Land-survey overlay: per-class areas of every patch (runs in the background)</source>
   <translation>三调叠加分析：计算每个图斑的分地类面积（后台运行）</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="65" />
   <source>Layer (when the file has several)</source>
   <translation>图层（文件含多个图层时）</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="48" />
   <location filename="ui/queue.py" line="13" />
   <source>Level</source>
   <translation>级别</translation>
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
   <location filename="ui/facts_form.py" line="64" />
   <source>National deep-poverty areas</source>
   <translation>深度贫困</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="220" />
   <location filename="ui/dock.py" line="228" />
   <source>New workspace</source>
   <translation>新建工作空间</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="75" />
   <source>New…</source>
   <translation>新建…</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="131" />
   <source>Next after saving</source>
   <translation>保存后自动下一个</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="113" />
   <source>Next patch</source>
   <translation>下一个图斑</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="114" />
   <source>Next unreviewed patch</source>
   <translation>下一个未核查图斑</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="156" />
   <source>No</source>
   <translation>否</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="441" />
   <source>No determination</source>
   <translation>尚无判定</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="107" />
   <source>No determined patches to compute from</source>
   <translation>没有可用于测算的已判定图斑</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="170" />
   <location filename="ui/photo_panel.py" line="217" />
   <source>No patch selected</source>
   <translation>未选择图斑</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="341" />
   <source>No photos found in {folder}</source>
   <translation>在 {folder} 中没有找到照片</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="71" />
   <source>No workspace open</source>
   <translation>未打开工作空间</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="134" />
   <source>Not determined</source>
   <translation>未判定</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="471" />
   <source>Not understood (read as unknown): {facts}</source>
   <translation>无法识别（按未知处理）：{facts}</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="366" />
   <source>Nothing was attached: {error}</source>
   <translation>未添加任何照片：{error}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="486" />
   <source>Nothing was imported: {n} problem(s). The workspace is unchanged.</source>
   <translation>未导入任何内容：发现 {n} 个问题。工作空间未改动。</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="215" />
   <source>OGR cannot read it: {error}</source>
   <translation>OGR 无法读取：{error}</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="55" />
   <source>Of them not wholly covered by the survey</source>
   <translation>其中未被三调完全覆盖的</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="63" />
   <source>Only patches without a township</source>
   <translation>仅处理尚无乡镇的图斑</translation>
  </message>
  <message>
   <location filename="processing/determine_workspace.py" line="31" />
   <source>Only this batch (code)</source>
   <translation>仅此批次（编号）</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="419" />
   <source>Open or create a workspace first.</source>
   <translation>请先打开或新建工作空间。</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="214" />
   <location filename="ui/dock.py" line="236" />
   <source>Open workspace</source>
   <translation>打开工作空间</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="74" />
   <source>Open…</source>
   <translation>打开…</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="79" />
   <source>Or: determined patches / table</source>
   <translation>或：已判定图斑 / 表</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="68" />
   <source>Other facts</source>
   <translation>其他事实</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="108" />
   <source>Overdue</source>
   <translation>已逾期</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="83" />
   <source>Overlay…</source>
   <translation>三调叠加…</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="80" />
   <source>Part</source>
   <translation>分割地块</translation>
  </message>
  <message>
   <location filename="ui/findings_tab.py" line="62" />
   <source>Part {n} ({mu:.2f} mu)</source>
   <translation>分割地块 {n}（{mu:.2f} 亩）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="88" />
   <source>Parts: {parts}</source>
   <translation>分割地块：{parts}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="149" />
   <source>Patch</source>
   <translation>图斑</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="48" />
   <location filename="ui/queue.py" line="13" />
   <source>Patch id</source>
   <translation>监测编号</translation>
  </message>
  <message>
   <location filename="plugin.py" line="67" />
   <source>Patch review panel</source>
   <translation>图斑核查面板</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="66" />
   <source>Patch type</source>
   <translation>图斑类型</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="54" />
   <source>Patches and parts measured</source>
   <translation>已计算的图斑和地块数</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="65" />
   <source>Patches assigned</source>
   <translation>已分配图斑数</translation>
  </message>
  <message>
   <location filename="processing/determine_workspace.py" line="32" />
   <source>Patches determined</source>
   <translation>已判定图斑数</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="87" />
   <source>Patches imported</source>
   <translation>导入图斑数</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="66" />
   <source>Patches outside every boundary</source>
   <translation>不在任何界线内的图斑数</translation>
  </message>
  <message>
   <location filename="processing/determine_workspace.py" line="33" />
   <source>Patches still pending (待定)</source>
   <translation>仍待定图斑数</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="38" />
   <source>Patches with facts</source>
   <translation>含核查事实的图斑</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="156" />
   <location filename="ui/patch_card.py" line="73" />
   <location filename="ui/photo_panel.py" line="398" />
   <source>Photos</source>
   <translation>照片</translation>
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
   <location filename="ui/dock.py" line="112" />
   <source>Previous patch</source>
   <translation>上一个图斑</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="89" />
   <source>Profile name (letters, digits, - or _):</source>
   <translation>方案名称（字母、数字、- 或 _）：</translation>
  </message>
  <message>
   <location filename="ui/layers.py" line="76" />
   <source>QGIS cannot open layer {name} of the workspace</source>
   <translation>QGIS 无法打开工作空间的图层 {name}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="310" />
   <source>Queue</source>
   <translation>图斑列表</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="71" />
   <source>Re-issued</source>
   <translation>重复下发</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="322" />
   <source>Reason for the correction (required)</source>
   <translation>修正理由（必填）</translation>
  </message>
  <message>
   <location filename="ui/findings_tab.py" line="114" />
   <source>Reload theirs</source>
   <translation>载入对方的</translation>
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
   <location filename="processing/export_reports.py" line="34" />
   <source>Report folder</source>
   <translation>报表文件夹</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="489" />
   <source>Report saved to {path}</source>
   <translation>报告已保存到 {path}</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="55" />
   <source>Responsible leader (包保)</source>
   <translation>包保领导</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="46" />
   <source>Ridge class field</source>
   <translation>扣除地类编码字段</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="44" />
   <source>Ridge share field (田坎系数)</source>
   <translation>田坎系数字段</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="40" />
   <location filename="ui/import_dialog.py" line="56" />
   <source>Rule-set year</source>
   <translation>规则年度</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="75" />
   <source>Rule-set year (default: year of issue)</source>
   <translation>规则年度（默认：下发年份）</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="81" />
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
   <location filename="plugin.py" line="63" />
   <location filename="plugin.py" line="65" />
   <location filename="ui/dock.py" line="60" />
   <source>Satellite Enforcement</source>
   <translation>卫片执法</translation>
  </message>
  <message>
   <location filename="processing/provider.py" line="17" />
   <source>Satellite Enforcement (WPZF)</source>
   <translation>卫片执法（WPZF）</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="58" />
   <source>Save as profile…</source>
   <translation>另存为方案…</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="126" />
   <location filename="ui/findings_tab.py" line="30" />
   <location filename="ui/findings_tab.py" line="96" />
   <source>Save findings</source>
   <translation>保存核查事实</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="89" />
   <location filename="ui/mapping_dialog.py" line="100" />
   <location filename="ui/mapping_dialog.py" line="97" />
   <source>Save profile</source>
   <translation>保存方案</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="525" />
   <source>Save them before leaving?</source>
   <translation>离开前是否保存？</translation>
  </message>
  <message>
   <location filename="ui/findings_tab.py" line="110" />
   <source>Saved by someone else meanwhile</source>
   <translation>他人已先行保存</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="100" />
   <source>Saved to {path}</source>
   <translation>已保存到 {path}</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="113" />
   <source>Search patch id, township, village</source>
   <translation>搜索监测编号、乡镇、村</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="500" />
   <source>Second map</source>
   <translation>第二地图</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="97" />
   <source>Select a patch</source>
   <translation>请选择图斑</translation>
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
   <location filename="ui/dock.py" line="147" />
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
   <location filename="ui/patch_card.py" line="67" />
   <location filename="ui/queue.py" line="14" />
   <source>Status</source>
   <translation>状态</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="468" />
   <source>Still missing: {facts}</source>
   <translation>仍缺少：{facts}</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="497" />
   <source>Swipe</source>
   <translation>卷帘</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="271" />
   <source>Taken: {time}</source>
   <translation>拍摄时间：{time}</translation>
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
   <location filename="processing/import_batch.py" line="82" />
   <source>Text encoding (empty: detect)</source>
   <translation>字符编码（留空：自动检测）</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="101" />
   <source>The CRS must be an EPSG code, not {crs}</source>
   <translation>坐标系必须是 EPSG 代码，而不是 {crs}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="470" />
   <source>The audit log is broken at record {seq}: {reason}</source>
   <translation>审计日志在第 {seq} 条记录处断裂：{reason}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="467" />
   <source>The audit log is intact: {n} records checked.</source>
   <translation>审计日志完整：已校验 {n} 条记录。</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="131" />
   <source>The file {path} cannot be shown.</source>
   <translation>无法显示文件 {path}。</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="524" />
   <source>The findings of this patch have unsaved changes.</source>
   <translation>本图斑的核查事实有未保存的修改。</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="453" />
   <source>The import failed: {error}</source>
   <translation>导入失败：{error}</translation>
  </message>
  <message>
   <location filename="processing/determine.py" line="49" />
   <source>The input layer cannot be read</source>
   <translation>无法读取输入图层</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="51" />
   <source>The input needs either the accountability columns (id, county, category, illegal_gd_mu, new_gd_mu) or determined patches (PDJG with GDMJ …)</source>
   <translation>输入需包含问责测算列（id、county、category、illegal_gd_mu、new_gd_mu）或已判定图斑（PDJG 及 GDMJ 等）</translation>
  </message>
  <message>
   <location filename="ui/findings_tab.py" line="58" />
   <source>The whole patch</source>
   <translation>整个图斑</translation>
  </message>
  <message>
   <location filename="ui/findings_tab.py" line="111" />
   <source>These findings were changed by someone else since you opened the patch.</source>
   <translation>自您打开此图斑以来，核查事实已被他人修改。</translation>
  </message>
  <message>
   <location filename="ui/compare.py" line="333" />
   <source>Toggle before/after imagery</source>
   <translation>切换前后时相影像</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="14" />
   <source>Township</source>
   <translation>乡镇</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="51" />
   <source>Township / village</source>
   <translation>乡镇 / 村</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="54" />
   <source>Township boundaries</source>
   <translation>乡镇界线</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="55" />
   <source>Township code field</source>
   <translation>乡镇代码字段</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="56" />
   <source>Township name field</source>
   <translation>乡镇名称字段</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="157" />
   <location filename="ui/facts_form.py" line="189" />
   <location filename="ui/facts_form.py" line="217" />
   <source>Unknown</source>
   <translation>未知</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="146" />
   <source>Unknown patches: {ids}</source>
   <translation>未知图斑：{ids}</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="523" />
   <source>Unsaved findings</source>
   <translation>核查事实未保存</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="83" />
   <source>Verification deadline</source>
   <translation>核查截止日期</translation>
  </message>
  <message>
   <location filename="plugin.py" line="73" />
   <source>Verify audit log</source>
   <translation>校验审计日志</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="57" />
   <source>Village boundaries</source>
   <translation>村界线</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="59" />
   <source>Village code field</source>
   <translation>村代码字段</translation>
  </message>
  <message>
   <location filename="processing/assign_patches.py" line="61" />
   <source>Village name field</source>
   <translation>村名称字段</translation>
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
   <location filename="exchange/photos.py" line="645" />
   <source>WPZF photos — patch {key}</source>
   <translation>卫片执法现场照片 — 图斑 {key}</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="215" />
   <location filename="ui/dock.py" line="220" />
   <location filename="ui/layers.py" line="81" />
   <source>WPZF workspace</source>
   <translation>WPZF 工作空间</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="88" />
   <source>What if these patches completed their approvals (监测编号, comma-separated)</source>
   <translation>假设以下图斑已补办完善用地手续（监测编号，逗号分隔）</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="85" />
   <source>What if these patches were demolished and restored (监测编号, comma-separated)</source>
   <translation>假设以下图斑已拆除复耕到位（监测编号，逗号分隔）</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="110" />
   <source>With or without photos</source>
   <translation>有无照片均可</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="110" />
   <source>With photos</source>
   <translation>有照片</translation>
  </message>
  <message>
   <location filename="ui/queue.py" line="111" />
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
   <location filename="processing/accountability.py" line="76" />
   <location filename="processing/assign_patches.py" line="51" />
   <location filename="processing/determine_workspace.py" line="28" />
   <source>Workspace (GeoPackage)</source>
   <translation>工作空间（GeoPackage）</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="36" />
   <source>Workspace field</source>
   <translation>工作空间字段</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="113" />
   <source>Workspace {path} does not exist</source>
   <translation>工作空间 {path} 不存在</translation>
  </message>
  <message>
   <location filename="ui/dock.py" line="241" />
   <source>Workspace: {path}</source>
   <translation>工作空间：{path}</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="23" />
   <source>Writes the 违法用地台账 and 矿产执法台账, the monthly statistics by township and the 附件5 accountability table as xlsx, the accountability and monthly reports as HTML and PDF (Chinese font embedded), and the 卫片执法图斑核查记录表 of every determined patch as PDF.</source>
   <translation>导出违法用地台账和矿产执法台账、分乡镇月度统计和附件5问责测算表（xlsx），问责测算和月度统计报告（HTML 和嵌入中文字体的 PDF），以及每个已判定图斑的卫片执法图斑核查记录表（PDF）。</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="155" />
   <source>Yes</source>
   <translation>是</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="249" />
   <source>a batch coded '{code}' was already imported on {date}; choose another batch code</source>
   <translation>编号为“{code}”的批次已于 {date} 导入；请使用其他批次编号</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="145" />
   <source>all text is ASCII</source>
   <translation>文本全部为 ASCII</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="772" />
   <source>already attached to patch {key} (as {name}); a photo belongs to one patch, not attached again</source>
   <translation>已添加到图斑 {key}（文件名 {name}）；一张照片只属于一个图斑，不再重复添加</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="766" />
   <source>already attached to this patch (as {name}, added {date}); not copied again</source>
   <translation>已添加到此图斑（文件名 {name}，添加于 {date}）；不再重复复制</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="649" />
   <source>already in the workspace</source>
   <translation>工作空间中已有</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="769" />
   <source>already in the workspace without a patch (as {name}); not attached again</source>
   <translation>工作空间中已有此照片（文件名 {name}），未关联图斑；不再重复添加</translation>
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
   <location filename="exchange/photos.py" line="647" />
   <location filename="exchange/photos.py" line="732" />
   <source>cancelled by the user; nothing was attached</source>
   <translation>用户已取消；未添加任何照片</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="811" />
   <source>cannot be copied into the workspace: {error}</source>
   <translation>无法复制到工作空间：{error}</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="750" />
   <source>cannot be read: {error}</source>
   <translation>无法读取：{error}</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="175" />
   <source>cannot tell the text encoding: not UTF-8, and {why}; add a .cpg file or choose the encoding</source>
   <translation>无法确定文本编码：不是 UTF-8，且{why}；请添加 .cpg 文件或手动选择编码</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="253" />
   <source>chosen for this import</source>
   <translation>本次导入指定</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="453" />
   <location filename="ui/patch_card.py" line="83" />
   <source>clause {clause}</source>
   <translation>依据 {clause}</translation>
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
   <location filename="processing/accountability.py" line="117" />
   <source>current</source>
   <translation>现状</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="288" />
   <source>damaged or truncated image</source>
   <translation>图像已损坏或不完整</translation>
  </message>
  <message>
   <location filename="ui/import_dialog.py" line="58" />
   <source>default: the file name</source>
   <translation>默认：文件名</translation>
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
   <location filename="exchange/importer.py" line="86" />
   <location filename="exchange/photos.py" line="648" />
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
   <location filename="ui/patch_card.py" line="49" />
   <source>issued</source>
   <translation>下发</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="71" />
   <source>issued before as patch #{fid}</source>
   <translation>此前已作为图斑 #{fid} 下发</translation>
  </message>
  <message>
   <location filename="exchange/encoding.py" line="128" />
   <source>it was chosen for this import</source>
   <translation>本次导入指定了该编码</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="85" />
   <source>mapping: {pairs}</source>
   <translation>字段映射：{pairs}</translation>
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
   <location filename="exchange/photos.py" line="681" />
   <source>no GPS position: the photo is attached without a map point</source>
   <translation>没有 GPS 位置：照片已添加，但不在地图上显示</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="264" />
   <source>no direction</source>
   <translation>无方向</translation>
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
   <location filename="exchange/photos.py" line="686" />
   <source>no shooting direction (GPSImgDirection)</source>
   <translation>没有拍摄方向（GPSImgDirection）</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="688" />
   <source>no shooting time (DateTimeOriginal)</source>
   <translation>没有拍摄时间（DateTimeOriginal）</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="284" />
   <source>no such file</source>
   <translation>文件不存在</translation>
  </message>
  <message>
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
   <location filename="exchange/reader.py" line="71" />
   <source>not a readable zip archive</source>
   <translation>不是可读取的 zip 压缩包</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="289" />
   <source>not an image that can be read ({reason})</source>
   <translation>不是可读取的图像（{reason}）</translation>
  </message>
  <message>
   <location filename="reports/render.py" line="88" />
   <source>patch #{fid} does not exist</source>
   <translation>图斑 #{fid} 不存在</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="721" />
   <source>patch #{tbid} does not exist</source>
   <translation>图斑 #{tbid} 不存在</translation>
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
   <location filename="exchange/importer.py" line="78" />
   <source>result: {result}</source>
   <translation>结果：{result}</translation>
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
   <location filename="ui/photo_panel.py" line="286" />
   <source>taken before the patch was issued</source>
   <translation>拍摄时间早于图斑下发时间</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="690" />
   <source>taken on {taken}, before the patch was issued on {issued}</source>
   <translation>拍摄于 {taken}，早于图斑下发时间 {issued}</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="683" />
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
   <location filename="exchange/photos.py" line="350" />
   <source>the GPS position in the file is not valid; ignored</source>
   <translation>文件中的 GPS 位置无效；已忽略</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="345" />
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
   <location filename="exchange/reader.py" line="257" />
   <source>the coordinate system '{name}' is not recognised; choose it</source>
   <translation>无法识别坐标系“{name}”；请手动选择</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="367" />
   <source>the direction is against magnetic north (GPSImgDirectionRef M); it is shown as if against true north (about 5° off in northern China)</source>
   <translation>拍摄方向以磁北为准（GPSImgDirectionRef 为 M），按真北显示（华北地区约相差 5°）</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="532" />
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
   <location filename="exchange/importer.py" line="328" />
   <source>the geometry bytes cannot be read</source>
   <translation>几何数据无法读取</translation>
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
   <location filename="exchange/importer.py" line="232" />
   <source>the report could not be saved: {error}</source>
   <translation>报告无法保存：{error}</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="777" />
   <source>the same photo as {other} in this selection</source>
   <translation>与本次所选的 {other} 是同一张照片</translation>
  </message>
  <message>
   <location filename="exchange/reader.py" line="203" />
   <source>the shapefile is empty or truncated (no 100-byte header)</source>
   <translation>shapefile 为空或不完整（缺少 100 字节文件头）</translation>
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
   <location filename="exchange/importer.py" line="247" />
   <source>this file was already imported as batch '{code}' on {date}; nothing is imported twice</source>
   <translation>该文件已于 {date} 作为批次“{code}”导入；不会重复导入</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="726" />
   <source>this workspace has no folder for attachments</source>
   <translation>此工作空间没有附件文件夹</translation>
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
   <location filename="ui/import_dialog.py" line="107" />
   <source>verify by {date}</source>
   <translation>核查截止 {date}</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="86" />
   <location filename="exchange/photos.py" line="648" />
   <source>warnings</source>
   <translation>警告</translation>
  </message>
  <message>
   <location filename="processing/accountability.py" line="119" />
   <source>what-if</source>
   <translation>假设</translation>
  </message>
  <message>
   <location filename="exchange/photos.py" line="641" />
   <source>{added} photo(s) added, {duplicates} already there, {errors} not readable, {warnings} warning(s)</source>
   <translation>添加照片 {added} 张，已存在 {duplicates} 张，无法读取 {errors} 个，警告 {warnings} 条</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="37" />
   <source>{date} (overdue by {n} days)</source>
   <translation>{date}（已逾期 {n} 天）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="35" />
   <source>{date} (reviewed)</source>
   <translation>{date}（已核查）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="38" />
   <source>{date} ({n} days left)</source>
   <translation>{date}（剩余 {n} 天）</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="284" />
   <source>{distance:.0f} m outside the patch</source>
   <translation>在图斑外 {distance:.0f} 米</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="778" />
   <source>{fact}: correcting the value the data gives needs a reason</source>
   <translation>{fact}：修正数据给出的值须说明理由</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="792" />
   <source>{fact}: must not be negative</source>
   <translation>{fact}：不能为负数</translation>
  </message>
  <message>
   <location filename="ui/findings_tab.py" line="106" />
   <source>{fact}: yours {mine} — theirs {theirs}</source>
   <translation>{fact}：您的 {mine} —— 对方的 {theirs}</translation>
  </message>
  <message>
   <location filename="ui/facts_form.py" line="789" />
   <source>{fact}: {date} is in the future</source>
   <translation>{fact}：{date} 晚于今天</translation>
  </message>
  <message>
   <location filename="ui/photo_panel.py" line="395" />
   <source>{first} (and {n} more)</source>
   <translation>{first}（另有 {n} 条）</translation>
  </message>
  <message>
   <location filename="ui/patch_card.py" line="56" />
   <source>{mu} mu (ellipsoidal); issued {issued} mu</source>
   <translation>{mu} 亩（椭球面积）；下发 {issued} 亩</translation>
  </message>
  <message>
   <location filename="processing/export_reports.py" line="49" />
   <source>{n} files written to {folder}</source>
   <translation>已写出 {n} 个文件到 {folder}</translation>
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
   <location filename="ui/dock.py" line="276" />
   <source>{shown} of {total} patches shown; {done} of them reviewed</source>
   <translation>显示 {shown} / 共 {total} 个图斑；其中已核查 {done} 个</translation>
  </message>
  <message>
   <location filename="processing/overlay_landuse.py" line="93" />
   <source>{units} patches/parts measured; {uncovered} not wholly covered by the survey</source>
   <translation>已计算 {units} 个图斑/地块；{uncovered} 个未被三调完全覆盖</translation>
  </message>
  <message>
   <location filename="processing/import_batch.py" line="31" />
   <source>{what}: '{value}' is not a date like 2021-05-06</source>
   <translation>{what}：“{value}”不是 2021-05-06 格式的日期</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="303" />
   <source>… and {n} more bad values</source>
   <translation>……另有 {n} 个错误值</translation>
  </message>
  <message>
   <location filename="ui/mapping_dialog.py" line="83" />
   <source>监测编号 (JCBH) must be mapped to a source field.</source>
   <translation>监测编号（JCBH）必须映射到来源字段。</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="309" />
   <source>监测编号 is empty</source>
   <translation>监测编号为空</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="311" />
   <source>监测编号 {key} appears twice in this batch (also row {row})</source>
   <translation>监测编号 {key} 在本批次中重复出现（另见第 {row} 行）</translation>
  </message>
  <message>
   <location filename="exchange/importer.py" line="384" />
   <source>监测编号 {key} was issued before (batch {batch}); kept as a re-issue linked to the earlier patch</source>
   <translation>监测编号 {key} 此前已下发（批次 {batch}）；作为重复下发保留，并关联到原图斑</translation>
  </message>
 </context>
</TS>
