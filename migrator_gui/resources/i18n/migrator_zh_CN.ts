<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/about_dialog.py" line="+103"/>
        <source>About Migrator</source>
        <translation>关于 Migrator</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Migrator icon</source>
        <translation>Migrator 图标</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Alembic database migrations, visible and safe.</source>
        <translation>Alembic 数据库迁移，清晰可见，安全可靠。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the versions as plain text, for a bug report</source>
        <translation>以纯文本复制各组件的版本信息，便于提交错误报告</translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <location filename="../../ui/history_panel.py" line="+94"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From → To</source>
        <translation>从 → 到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steps</source>
        <translation>步骤数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profile</source>
        <translation>连接配置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>upgrade</source>
        <translation>升级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>downgrade</source>
        <translation>降级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stamp</source>
        <translation>标记版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>repair</source>
        <translation>修复</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>partial</source>
        <translation>部分应用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;base&gt;</source>
        <translation>&lt;base&gt;</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>{0} → {1}</source>
        <translation>{0} → {1}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>From: {0}
To: {1}</source>
        <translation>从：{0}
到：{1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target: {0}</source>
        <translation>目标：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Failed step: {0}</source>
        <translation>失败的步骤：{0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Failed step: {0}
{1}</source>
        <translation>失败的步骤：{0}
{1}</translation>
    </message>
</context>
<context>
    <name>ConfirmDatabaseDialog</name>
    <message>
        <location filename="../../ui/confirm_database_dialog.py" line="+23"/>
        <source>Confirm on production</source>
        <translation>生产环境操作确认</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;{0}&lt;/b&gt; on the &lt;b&gt;production&lt;/b&gt; database &lt;b&gt;{1}&lt;/b&gt;.</source>
        <translation>在&lt;b&gt;生产环境&lt;/b&gt;数据库 &lt;b&gt;{1}&lt;/b&gt; 上执行：&lt;b&gt;{0}&lt;/b&gt;。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Type the database name to confirm:</source>
        <translation>输入数据库名称以确认：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Database name</source>
        <translation>数据库名称</translation>
    </message>
</context>
<context>
    <name>DemoTour</name>
    <message>
        <location filename="../../ui/demo_tour.py" line="+49"/>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The previous step (←)</source>
        <translation>上一步（←）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+71"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>The next step (→)</source>
        <translation>下一步（→）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End tour</source>
        <translation>结束导览</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>End the tour (Esc)</source>
        <translation>结束导览（Esc）</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>{0} of {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>DiffPane</name>
    <message>
        <location filename="../../ui/diff_pane.py" line="+722"/>
        <source>Upgrade first, then compare</source>
        <translation>先升级，再比较</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Autogenerate compares against the latest revision: upgrade the database to the heads, then compare again</source>
        <translation>自动生成以最新版本为比较基准：请先将数据库升级到各最新版本，再重新比较</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+565"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location line="-562"/>
        <source>Show or hide the details of the error</source>
        <translation>显示或隐藏错误的详细信息</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Error details</source>
        <translation>错误详细信息</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Operations by table</source>
        <translation>按表列出的操作</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Upgrade code</source>
        <translation>升级代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downgrade code</source>
        <translation>降级代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Upgrade SQL</source>
        <translation>升级 SQL</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Upgrade (checked operations)</source>
        <translation>升级（已勾选的操作）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downgrade</source>
        <translation>降级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SQL</source>
        <translation>SQL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The upgrade code of the checked operations</source>
        <translation>已勾选操作的升级代码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The downgrade code autogenerate wrote for everything</source>
        <translation>自动生成为全部操作编写的降级代码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The SQL of every operation found, rendered offline</source>
        <translation>检出的所有操作的 SQL，以离线方式生成</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Revision message</source>
        <translation>版本说明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the revision does</source>
        <translation>简述此版本的改动</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Branch label</source>
        <translation>分支标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A branch label for the new revision (alembic revision --branch-label)</source>
        <translation>新版本的分支标签（alembic revision --branch-label）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Head</source>
        <translation>最新版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The head the new revision follows (alembic revision --head)</source>
        <translation>新版本所接续的最新版本（alembic revision --head）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write revision</source>
        <translation>写入版本文件</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Message:</source>
        <translation>说明(&amp;M)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Branch label:</source>
        <translation>分支标签(&amp;B)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Head:</source>
        <translation>最新版本(&amp;H)：</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Comparing the models with the database…</source>
        <translation>正在将模型与数据库比较…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Target database is not up to date: {0} revision(s) pending.</source>
        <translation>目标数据库不是最新的：有 {0} 个待执行的版本。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No comparison: the database is behind the heads.</source>
        <translation>未比较：数据库落后于最新版本。</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+15"/>
        <source>Nothing compared.</source>
        <translation>未进行比较。</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>The comparison failed.</source>
        <translation>比较失败。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Written: {0}</source>
        <translation>已写入：{0}</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Compare the models with the database to see what a new revision would hold.</source>
        <translation>将模型与数据库比较，查看新版本将包含哪些内容。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+129"/>
        <source>No changes: the models match the database.</source>
        <translation>没有变化：模型与数据库一致。</translation>
    </message>
    <message>
        <location line="-117"/>
        <source>1 change</source>
        <translation>1 处变化</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{0} changes</source>
        <translation>{0} 处变化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in 1 table</source>
        <translation>涉及 1 个表</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>in {0} tables</source>
        <translation>涉及 {0} 个表</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>, no warnings</source>
        <translation>，无警告</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, 1 warning</source>
        <translation>，1 个警告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, {0} warnings</source>
        <translation>，{0} 个警告</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Treat as rename</source>
        <translation>视为重命名</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Write alter_column(&apos;{0}&apos;, &apos;{1}&apos;, new_column_name=&apos;{2}&apos;) instead of the drop and the add: the column keeps its data</source>
        <translation>写入 alter_column(&apos;{0}&apos;, &apos;{1}&apos;, new_column_name=&apos;{2}&apos;)，而不是先删除再添加：该列保留其数据</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Treated as a rename: {0}.{1} → {2} (the column keeps its data).</source>
        <translation>已视为重命名：{0}.{1} → {2}（该列保留其数据）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Undo rename</source>
        <translation>撤销重命名</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Back to the drop and the add autogenerate found</source>
        <translation>恢复为自动生成检出的删除和添加</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Danger</source>
        <translation>危险</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Nothing compared yet.</source>
        <translation>尚未比较。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No operation is checked.</source>
        <translation>未勾选任何操作。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The downgrade is generated from the checked operations when the revision is written.</source>
        <translation>写入版本文件时，将根据已勾选的操作生成降级代码。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The SQL of every operation autogenerate found; the revision holds only the checked ones.</source>
        <translation>自动生成检出的所有操作的 SQL；版本文件只包含已勾选的操作。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The SQL could not be rendered in full: {0}</source>
        <translation>无法完整生成 SQL：{0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No SQL.</source>
        <translation>没有 SQL。</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+27"/>
        <source>Wait until the running job ends.</source>
        <translation>请等待正在运行的任务结束。</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Wait until the comparison ends.</source>
        <translation>请等待比较结束。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compare first: there is nothing to write yet.</source>
        <translation>请先比较：目前还没有可写入的内容。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing to write: the models match the database.</source>
        <translation>无需写入：模型与数据库一致。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing is checked: check the operations the revision holds.</source>
        <translation>未勾选任何操作：请勾选要写入版本文件的操作。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type a message for the revision.</source>
        <translation>请输入版本说明。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Write a revision file with the checked operation (Ctrl+Return)</source>
        <translation>用已勾选的操作写入版本文件（Ctrl+Return）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write a revision file with the {0} checked operations (Ctrl+Return)</source>
        <translation>用已勾选的 {0} 个操作写入版本文件（Ctrl+Return）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A comparison is running.</source>
        <translation>正在进行比较。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Compare the models with the database, as alembic check does; nothing is written (Ctrl+Shift+C)</source>
        <translation>像 alembic check 一样将模型与数据库比较；不写入任何文件（Ctrl+Shift+C）</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Hide details</source>
        <translation>隐藏详细信息</translation>
    </message>
</context>
<context>
    <name>DiffTreeModel</name>
    <message>
        <location line="-752"/>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What autogenerate found, by table; only the checked operations are written</source>
        <translation>自动生成检出的内容，按表分组；只写入已勾选的操作</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What may go wrong when the operation runs</source>
        <translation>执行该操作时可能出现的问题</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>1 warning</source>
        <translation>1 个警告</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{0} warnings</source>
        <translation>{0} 个警告</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Table {0}: check or uncheck all its operations</source>
        <translation>表 {0}：勾选或取消勾选其全部操作</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Written as alter_column(new_column_name=...): the column keeps its data (instead of {0})</source>
        <translation>写为 alter_column(new_column_name=...)：该列保留其数据（而不是 {0}）</translation>
    </message>
</context>
<context>
    <name>DoctorPanel</name>
    <message>
        <location filename="../../ui/doctor_panel.py" line="+186"/>
        <source>Run checks</source>
        <translation>运行检查</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Findings</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the checks found, most urgent first</source>
        <translation>检查发现的问题，最紧急的排在最前</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Finding details</source>
        <translation>问题详情</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Repairs:</source>
        <translation>修复方案：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Repair preview</source>
        <translation>修复预览</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the chosen repair does, and the exact SQL it runs</source>
        <translation>所选修复方案会做什么，以及它将执行的确切 SQL</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+329"/>
        <location line="+8"/>
        <source>Run repair</source>
        <translation>执行修复</translation>
    </message>
    <message>
        <location line="-310"/>
        <source>Undo last repair</source>
        <translation>撤销上次修复</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Run the checks to diagnose the database.</source>
        <translation>运行检查以诊断数据库。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No findings: the checks could not run.</source>
        <translation>没有检查结果：检查无法运行。</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>No problems found: {0} is healthy.</source>
        <translation>未发现问题：{0} 状态正常。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 problem found on {0}</source>
        <translation>在 {0} 上发现 1 个问题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} problems found on {1}</source>
        <translation>在 {1} 上发现 {0} 个问题</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Every check passed.</source>
        <translation>所有检查均已通过。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Select a finding to see why, the evidence and the repairs.</source>
        <translation>选择一个问题，查看原因、依据和修复方案。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing to repair.</source>
        <translation>无需修复。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No findings yet.</source>
        <translation>暂无检查结果。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Evidence</source>
        <translation>依据</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose a repair below to preview it; nothing runs before that.</source>
        <translation>在下方选择一个修复方案进行预览；在此之前不会执行任何操作。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No repair is proposed for this finding.</source>
        <translation>此问题没有可用的修复方案。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Preview repair: {0}</source>
        <translation>预览修复：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}
Shows what it does and its SQL first; nothing runs yet.</source>
        <translation>{0}
先显示它会做什么及其 SQL；此时不会执行任何操作。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Choose a repair to see what it will do.</source>
        <translation>选择一个修复方案，查看它将做什么。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The upgrade plan opens in the Plan tab, with its SQL; nothing runs until you press Run there.</source>
        <translation>升级执行计划将在“执行计划”选项卡中打开并显示其 SQL；在那里按下“运行”之前不会执行任何操作。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the heads</source>
        <translation>各最新版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A merge revision of {0} is written to versions/ (alembic merge); it changes no schema.</source>
        <translation>{0} 的合并版本将写入 versions/（alembic merge）；不会更改任何表结构。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The stamp of {0} opens in the Plan tab with its SQL; nothing runs until you press Run there.</source>
        <translation>标记版本 {0} 的操作将在“执行计划”选项卡中打开并显示其 SQL；在那里按下“运行”之前不会执行任何操作。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The new base revision file is deleted and the archived revision files are moved back to versions/; no database changes.</source>
        <translation>删除新的初始版本文件，并将已归档的版本文件移回 versions/；数据库不做任何更改。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Each revision&apos;s schema is built on a scratch database and compared with this one (it takes a few seconds per revision); the result is added as a finding.</source>
        <translation>在临时数据库上逐个构建各版本的表结构，并与当前数据库比较（每个版本需要几秒钟）；结果将作为一条检查结果添加。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Select a revision on the graph, then press Stamp selected: the version table is set to it, no migration runs (the stamp shows its SQL first).</source>
        <translation>在版本图中选择一个版本，然后按“标记所选版本”：版本表将设为该版本，不执行任何迁移（标记前会先显示其 SQL）。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>no row (empty, at base)</source>
        <translation>无记录（为空，处于初始版本）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The version table will hold: {0}</source>
        <translation>版本表将包含：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>These {0} statements run, in one transaction:</source>
        <translation>将在一个事务中执行以下 {0} 条语句：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This statement runs:</source>
        <translation>将执行以下语句：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>MySQL and MariaDB commit DDL at once: ALTER/CREATE cannot be rolled back.</source>
        <translation>MySQL 和 MariaDB 会立即提交 DDL：ALTER/CREATE 无法回滚。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open the plan</source>
        <translation>打开执行计划</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create merge revision…</source>
        <translation>创建合并版本…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stamp selected revision</source>
        <translation>标记所选版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the stamp</source>
        <translation>打开标记版本操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare the schemas</source>
        <translation>比较表结构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put them back</source>
        <translation>移回原处</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+13"/>
        <location line="+11"/>
        <source>Wait until the running job ends.</source>
        <translation>请等待正在运行的任务结束。</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Read the version table again and run every check (Ctrl+Shift+K)</source>
        <translation>重新读取版本表并运行所有检查（Ctrl+Shift+K）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose a repair first: its preview is shown before it can run.</source>
        <translation>请先选择一个修复方案：执行前会先显示其预览。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Run the statements shown above on {0}</source>
        <translation>在 {0} 上执行上面显示的语句</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No repair to undo.</source>
        <translation>没有可撤销的修复。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Undo the last repair</source>
        <translation>撤销上次修复</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <location filename="../../ui/error_banner.py" line="+35"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show the technical details (traceback)</source>
        <translation>显示技术细节（traceback）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide this message (Esc)</source>
        <translation>隐藏此消息（Esc）</translation>
    </message>
</context>
<context>
    <name>FindingListModel</name>
    <message>
        <location filename="../../ui/doctor_panel.py" line="-512"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Information</source>
        <translation>信息</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>alembic refuses to work</source>
        <translation>alembic 无法工作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>alembic works, but not as expected</source>
        <translation>alembic 能工作，但结果不符合预期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>worth knowing</source>
        <translation>值得了解</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../ui/history_panel.py" line="+26"/>
        <source>This database only</source>
        <translation>仅此数据库</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show only the operations on the selected database; uncheck to see all</source>
        <translation>仅显示所选数据库上的操作；取消勾选可查看全部</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read the audit log again</source>
        <translation>重新读取审计日志</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy entry</source>
        <translation>复制条目</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the selected entry, as it is stored in the log, to the clipboard</source>
        <translation>将所选条目按日志中存储的原样复制到剪贴板</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Migration history</source>
        <translation>迁移历史</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The audit log file (one JSON line per operation)</source>
        <translation>审计日志文件（每个操作一行 JSON）</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Log file: {0}</source>
        <translation>日志文件：{0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not read the audit log: {0}</source>
        <translation>无法读取审计日志：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} unreadable line(s) skipped</source>
        <translation>已跳过 {0} 行无法读取的内容</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>History of {0}</source>
        <translation>{0} 的历史</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>History of all databases (none selected)</source>
        <translation>所有数据库的历史（未选择数据库）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>History of all databases</source>
        <translation>所有数据库的历史</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No migrations recorded for this database yet.</source>
        <translation>此数据库尚无迁移记录。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No migrations recorded yet.</source>
        <translation>尚无迁移记录。</translation>
    </message>
</context>
<context>
    <name>LockWaitView</name>
    <message>
        <location filename="../../ui/lock_wait_view.py" line="+45"/>
        <source>Cancel my migration</source>
        <translation>取消我的迁移</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop the waiting migration: its current step is rolled back where the database allows it (Ctrl+.)</source>
        <translation>停止正在等待的迁移：在数据库支持的情况下，回滚其当前步骤（Ctrl+.）</translation>
    </message>
    <message>
        <location line="+39"/>
        <source> It waits forever (the profile&apos;s lock timeout is off).</source>
        <translation>它将一直等待（该连接配置未启用锁等待超时）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> It fails after the lock timeout of {0:g} s.</source>
        <translation>超过 {0:g} 秒的锁等待超时后将失败。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;The migration is waiting for a lock&lt;/b&gt;{0}{1}: session {2} waits.{3}</source>
        <translation>&lt;b&gt;迁移正在等待锁&lt;/b&gt;{0}{1}：会话 {2} 正在等待。{3}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The server does not say which session holds it.</source>
        <translation>服务器未提供持有该锁的会话信息。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Terminate session {0}…</source>
        <translation>终止会话 {0}…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Terminate blocking session…</source>
        <translation>终止阻塞会话…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>End the blocking session on the server (asks first): its open transaction is rolled back and the migration goes on.</source>
        <translation>在服务器上结束阻塞会话（会先询问确认）：其未结束的事务将被回滚，迁移随后继续。</translation>
    </message>
</context>
<context>
    <name>LogPane</name>
    <message>
        <location filename="../../ui/log_pane.py" line="+22"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operations and their SQL appear here.</source>
        <translation>操作及其 SQL 将显示在此处。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="+183"/>
        <source>Preferences: {0}</source>
        <translation>首选项：{0}</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Wait for the running operation to finish (or stop it) before opening another project.</source>
        <translation>请等待正在运行的操作完成（或将其停止）后再打开其他项目。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Could not save the recent projects list: {0}</source>
        <translation>无法保存最近项目列表：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opened project {0}</source>
        <translation>已打开项目 {0}</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>Password for {0}</source>
        <translation>{0} 的密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password of {0} for {1}:</source>
        <translation>{0} 在 {1} 上的密码：</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>alembic.ini</source>
        <translation>alembic.ini</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A database given by URL, not saved as a profile. Save it with Manage Profiles (Ctrl+P) › Import to name it and keep its password in the keyring.</source>
        <translation>通过 URL 指定的数据库，未保存为连接配置。可通过“管理连接配置”（Ctrl+P）› 导入 将其保存，以便为其命名并将密码保存在系统密钥环中。</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+92"/>
        <location line="+1397"/>
        <source>No database selected</source>
        <translation>未选择数据库</translation>
    </message>
    <message>
        <location line="-1488"/>
        <source>Choose a profile, or add one with Manage Profiles (Ctrl+P)</source>
        <translation>选择一个连接配置，或通过“管理连接配置”（Ctrl+P）添加</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Manage profiles…</source>
        <translation>管理连接配置…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>no database</source>
        <translation>无数据库</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>PRODUCTION — {0} ({1}): every write asks you to type the database name</source>
        <translation>生产环境 — {0}（{1}）：每次写操作都要求输入数据库名称</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Reading revisions</source>
        <translation>正在读取版本</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Checking revision files</source>
        <translation>正在检查版本文件</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Reading {0}</source>
        <translation>正在读取 {0}</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+29"/>
        <source>No database selected.</source>
        <translation>未选择数据库。</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Reading {0} and computing the plan of {1} to {2}…</source>
        <translation>正在读取 {0}，并计算 {1} 到 {2} 的执行计划…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Computing the plan</source>
        <translation>正在计算执行计划</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Comparing the models with {0}…</source>
        <translation>正在将模型与 {0} 比较…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Comparing the models</source>
        <translation>正在比较模型</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cannot read {0}: {1}</source>
        <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Target metadata</source>
        <translation>目标元数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The MetaData of your models, as module:attribute
(Flask-SQLAlchemy: app:db.Model.metadata):</source>
        <translation>模型的 MetaData，格式为 module:attribute
（Flask-SQLAlchemy：app:db.Model.metadata）：</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Change env.py?</source>
        <translation>修改 env.py？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change {0}?</source>
        <translation>修改 {0}？</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>env.py: target_metadata set from {0}</source>
        <translation>env.py：已从 {0} 设置 target_metadata</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Creating the migration environment</source>
        <translation>正在创建迁移环境</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The project folder to add migrations to</source>
        <translation>要添加迁移的项目文件夹</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>alembic template:</source>
        <translation>alembic 模板：</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Checking {0}…</source>
        <translation>正在检查 {0}…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Running the doctor</source>
        <translation>正在运行诊断</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Building the revisions&apos; schemas on a scratch database and comparing them with {0}…</source>
        <translation>正在临时数据库上构建各版本的表结构，并与 {0} 比较…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Comparing the schema with the revisions</source>
        <translation>正在将表结构与各版本比较</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Compared on {0}: {1}</source>
        <translation>已在 {0} 上比较：{1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the schema is exactly its revision&apos;s</source>
        <translation>表结构与其版本完全一致</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Start over with one base revision?</source>
        <translation>以单个初始版本重新开始？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The revision files of {0} are moved to a dated archive folder beside versions/ (nothing is deleted), one base revision is written from your models, and it is proven on a scratch database (a temporary SQLite file, or a throwaway database on the same server) against {1}. Nothing is stamped until you choose to.</source>
        <translation>{0} 的版本文件将移到 versions/ 旁边一个带日期的归档文件夹中（不会删除任何文件），然后根据模型写入一个初始版本，并在临时数据库（临时 SQLite 文件，或同一服务器上的一次性数据库）上对照 {1} 进行验证。在你选择之前不会标记任何版本。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Starting over: archiving, writing the base, proving it…</source>
        <translation>正在重新开始：归档、写入初始版本、验证…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Starting over</source>
        <translation>正在重新开始</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The old revisions are back in versions/.</source>
        <translation>旧版本已移回 versions/。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Preferences saved</source>
        <translation>首选项已保存</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Could not save the preferences: {0}</source>
        <translation>无法保存首选项：{0}</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The revision graph</source>
        <translation>版本图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every revision in versions/, newest first, drawn like git log --graph: filled nodes are applied to this database, hollow ones pending; DB marks where it is. Right-click a revision to upgrade, downgrade or stamp to it.</source>
        <translation>versions/ 中的所有版本，最新的在最前，以类似 git log --graph 的方式绘制：实心节点表示已应用到此数据库，空心节点表示待执行；DB 标出数据库当前所在的位置。右键单击某个版本，可升级、降级或标记到该版本。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pending revisions</source>
        <translation>待执行的版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only what an upgrade would run, or fold the applied history into one row.</source>
        <translation>只显示升级将执行的内容，或将已应用的历史折叠为一行。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Upgrade, with its plan first</source>
        <translation>升级，先看执行计划</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Upgrade (Ctrl+U) and its menu: to the heads, one step, the selected revision. Nothing runs yet: the plan comes first.</source>
        <translation>“升级”（Ctrl+U）及其菜单：升级到各最新版本、升级一步、升级到所选版本。此时不会执行任何操作：先显示执行计划。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The plan</source>
        <translation>执行计划</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The steps the run will take from what the database holds now, each with its SQL, drops in red. Export it as a .sql dry run, or Run it.</source>
        <translation>从数据库当前状态出发，本次运行将执行的各个步骤，每一步都附有其 SQL，删除操作以红色显示。可将其导出为 .sql 试运行文件，或直接运行。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The diff pane</source>
        <translation>差异面板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Autogenerate (Ctrl+Shift+A) compares your models with the database before any file is written, with warnings where data is at risk.</source>
        <translation>自动生成（Ctrl+Shift+A）会在写入任何文件之前将模型与数据库比较，并在数据有风险时给出警告。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The doctor</source>
        <translation>诊断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What is wrong with alembic_version and how to repair it, SQL first: unknown revisions, several heads, drift, starting over.</source>
        <translation>alembic_version 有什么问题以及如何修复，先显示 SQL：未知版本、多个最新版本、结构漂移、重新开始。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Put back {0} (the rows before the repair of {1})</source>
        <translation>恢复为 {0}（{1} 修复之前的记录）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+52"/>
        <source>no row</source>
        <translation>无记录</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Select the revision to stamp on the graph first.</source>
        <translation>请先在版本图中选择要标记的版本。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{0}

The rows before are kept in the audit log (Undo last repair).</source>
        <translation>{0}

原有记录保存在审计日志中（可通过“撤销上次修复”恢复）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} on {1}?</source>
        <translation>在 {1} 上执行 {0}？</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Repairing</source>
        <translation>正在修复</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Repaired: {0}. The version table now holds {1}.</source>
        <translation>已修复：{0}。版本表现在包含 {1}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Repair {0}: {1}</source>
        <translation>修复 {0}：{1}</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Create merge revision</source>
        <translation>创建合并版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message of the merge revision of {0}:</source>
        <translation>{0} 的合并版本说明：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>merge heads</source>
        <translation>合并各最新版本</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Writing the merge revision</source>
        <translation>正在写入合并版本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Wrote merge revision {0}: {1}</source>
        <translation>已写入合并版本 {0}：{1}</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Upgrade</source>
        <translation>升级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} pending revision(s) will run, up to {1}.</source>
        <translation>将执行 {0} 个待执行版本，升级到 {1}。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No migration runs: the version table is set to {0}{1}. The schema is not changed, so it must already match that revision.</source>
        <translation>不执行任何迁移：版本表将设为 {0}{1}。表结构不会更改，因此它必须已与该版本一致。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (it holds {0} now)</source>
        <translation>（当前为 {0}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stamp</source>
        <translation>标记版本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stamp {0} as {1}?</source>
        <translation>将 {0} 标记为 {1}？</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Downgrade {0} by one revision?</source>
        <translation>将 {0} 降级一个版本？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A downgrade runs the downgrade() of the current revision: it may drop tables or columns and their data.</source>
        <translation>降级会执行当前版本的 downgrade()：可能会删除表或列及其数据。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Downgrade {{0}} to {0}?</source>
        <translation>将 {{0}} 降级到 {0}？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} applied revision(s) above {1} will be undone by their downgrade(): they may drop tables or columns and their data.</source>
        <translation>{1} 之上的 {0} 个已应用版本将通过其 downgrade() 撤销：可能会删除表或列及其数据。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Downgrade</source>
        <translation>降级</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open a folder with an alembic.ini</source>
        <translation>打开包含 alembic.ini 的文件夹</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Upgrade</source>
        <translation>升级(&amp;U)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Upgrade One Step (+1)</source>
        <translation>升级一步（+1）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Upgrade N Steps…</source>
        <translation>升级 N 步…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Upgrade to Selected Revision</source>
        <translation>升级到所选版本</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Downgrade</source>
        <translation>降级(&amp;D)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Downgrade N Steps…</source>
        <translation>降级 N 步…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Downgrade to Selected Revision</source>
        <translation>降级到所选版本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Downgrade to Base (Undo Everything)</source>
        <translation>降级到初始版本（撤销全部）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>S&amp;tamp</source>
        <translation>标记版本(&amp;T)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Stamp Selected Revision, Emptying the Version Table First (Purge)</source>
        <translation>先清空版本表，再标记所选版本（Purge）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Autogenerate</source>
        <translation>自动生成(&amp;A)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Compare the models with the database, as alembic revision --autogenerate would, and show the differences before any file is written (Ctrl+Shift+A)</source>
        <translation>像 alembic revision --autogenerate 一样将模型与数据库比较，并在写入任何文件之前显示差异（Ctrl+Shift+A）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Set Target Metadata in env.py…</source>
        <translation>在 env.py 中设置 target_metadata…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Point env.py&apos;s target_metadata at your models (module:attribute, e.g. app.models:Base.metadata), after showing the change</source>
        <translation>将 env.py 的 target_metadata 指向你的模型（module:attribute，例如 app.models:Base.metadata），修改前会先显示改动</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;New Migration Environment…</source>
        <translation>新建迁移环境(&amp;N)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Create alembic.ini and a migrations folder in a project folder (alembic init), then open it (Ctrl+N)</source>
        <translation>在项目文件夹中创建 alembic.ini 和迁移文件夹（alembic init），然后将其打开（Ctrl+N）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>One Transaction per Migration Step</source>
        <translation>每个迁移步骤一个事务</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Commit after each migration step (a failure keeps the steps before it). Off: one transaction for the whole run, as env.py configures it.</source>
        <translation>每个迁移步骤完成后提交（失败时保留之前已完成的步骤）。关闭时：整个运行使用一个事务，按 env.py 的配置执行。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re-read versions/ and the database (F5)</source>
        <translation>重新读取 versions/ 和数据库（F5）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stop the running migration: its current step is rolled back where the database allows it (Ctrl+.)</source>
        <translation>停止正在运行的迁移：在数据库支持的情况下回滚当前步骤（Ctrl+.）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Manage Profiles…</source>
        <translation>管理连接配置(&amp;M)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add, edit and test connection profiles; passwords stay in the system keyring (Ctrl+P)</source>
        <translation>添加、编辑和测试数据库连接配置；密码保存在系统密钥环中（Ctrl+P）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Theme, default lock timeout, transactions, confirmations, code font</source>
        <translation>主题、默认锁等待超时、事务、确认、代码字体</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>&amp;Profile:</source>
        <translation>连接配置(&amp;P)：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The connection profile of the database to inspect and migrate</source>
        <translation>要检查和迁移的数据库的连接配置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection profile</source>
        <translation>数据库连接配置</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Plan exported to {0}</source>
        <translation>执行计划已导出到 {0}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Log</source>
        <translation>日志(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Plan</source>
        <translation>执行计划(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;History</source>
        <translation>历史(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Diff</source>
        <translation>差异(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Doc&amp;tor</source>
        <translation>诊断(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diagnose and repair the version table, merge heads</source>
        <translation>诊断并修复版本表，合并各最新版本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the models change in the database (autogenerate), before a file is written</source>
        <translation>在写入文件之前，查看模型会对数据库做哪些改动（自动生成）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What Migrator and alembic did, with the SQL sent</source>
        <translation>Migrator 和 alembic 执行的操作，以及发送的 SQL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The steps of the next run and their SQL, read from the database&apos;s real state</source>
        <translation>根据数据库的实际状态得出的下次运行步骤及其 SQL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every upgrade, downgrade and stamp run on this database (the audit log)</source>
        <translation>在此数据库上执行过的所有升级、降级和标记版本操作（审计日志）</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No project open</source>
        <translation>未打开项目</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Database status</source>
        <translation>数据库状态</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Database</source>
        <translation>数据库(&amp;D)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Compare the Schema with the &amp;Revisions</source>
        <translation>将表结构与各版本比较(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Build the recorded revision&apos;s schema (and its neighbours&apos;) on a scratch database and compare it with this database</source>
        <translation>在临时数据库上构建已记录版本（及其相邻版本）的表结构，并与此数据库比较</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start &amp;Over with One Base Revision…</source>
        <translation>以单个初始版本重新开始(&amp;O)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Archive versions/, write one base revision from the models, prove it on a scratch database, then stamp</source>
        <translation>归档 versions/，根据模型写入一个初始版本，在临时数据库上验证，然后标记版本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Welcome…</source>
        <translation>欢迎(&amp;W)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take the &amp;Tour</source>
        <translation>开始导览(&amp;T)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A few callouts through the window (F1)</source>
        <translation>通过几处提示浏览窗口各部分（F1）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About Migrator</source>
        <translation>关于 Migrator(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Versions of Migrator, alembic, SQLAlchemy, Qt and the drivers</source>
        <translation>Migrator、alembic、SQLAlchemy、Qt 及驱动程序的版本</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>{0} {1} to {2}</source>
        <translation>{0} {1} 到 {2}</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The last run on {0} failed half-way. {1} anyway?</source>
        <translation>上次在 {0} 上的运行中途失败。仍要执行 {1} 吗？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Step {0} failed on {1} and its DDL is not transactional: it may be partly applied{2}. The version table does not record it. Check those objects first; running the step again or downgrading across it may fail or lose data.</source>
        <translation>步骤 {0} 在 {1} 失败，且其 DDL 不是事务性的：可能已部分应用{2}。版本表中没有记录该步骤。请先检查相关对象；再次运行该步骤或跨越它降级可能会失败或导致数据丢失。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> (it touched {0})</source>
        <translation>（涉及 {0}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Upgrade N steps</source>
        <translation>升级 N 步</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Downgrade N steps</source>
        <translation>降级 N 步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many revisions?</source>
        <translation>多少个版本？</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Select a revision in the graph first.</source>
        <translation>请先在版本图中选择一个版本。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Nothing to run: the database is already there.</source>
        <translation>无需执行：数据库已处于该版本。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Writing the revision</source>
        <translation>正在写入版本文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Wrote revision {0}: {1}</source>
        <translation>已写入版本 {0}：{1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not in the fresh comparison any more (left out): {0}</source>
        <translation>在最新一次比较中已不存在（已略去）：{0}</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>SQL  {0}</source>
        <translation>SQL  {0}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Done: the database is at {0}.</source>
        <translation>完成：数据库现处于 {0}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The run failed.</source>
        <translation>运行失败。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The run was interrupted.</source>
        <translation>运行被中断。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Waiting for a lock held by session {0}</source>
        <translation>正在等待会话 {0} 持有的锁</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Terminate session {0} on {1}?</source>
        <translation>终止 {1} 上的会话 {0}？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The session of {0}{1} is ended on the server: its open transaction is rolled back and its client gets an error. {2}</source>
        <translation>{0}{1} 的会话将在服务器上被终止：其未完成的事务将被回滚，其客户端会收到错误。{2}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Its query: {0}</source>
        <translation>其查询：{0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>step %v of %m</source>
        <translation>第 %v 步，共 %m 步</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Stopping {0}…</source>
        <translation>正在停止 {0}…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Read {0} revisions: heads {1}</source>
        <translation>已读取 {0} 个版本：最新版本 {1}</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+44"/>
        <source>Unreadable revision file: {0}</source>
        <translation>无法读取的版本文件：{0}</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Open an alembic project (the folder with alembic.ini)</source>
        <translation>打开 alembic 项目（包含 alembic.ini 的文件夹）</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>versions/ changed: re-reading the revisions</source>
        <translation>versions/ 已更改：正在重新读取版本</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Upgrade to {0}: {1} pending revision(s) (Ctrl+Shift+U)</source>
        <translation>升级到 {0}：{1} 个待执行版本（Ctrl+Shift+U）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Downgrade to {0}: undo the applied revisions above it (Ctrl+Shift+D)</source>
        <translation>降级到 {0}：撤销其之上的已应用版本（Ctrl+Shift+D）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stamp {0}: write it into the version table without running any migration (Ctrl+Shift+T)</source>
        <translation>标记版本 {0}：将其写入版本表，不执行任何迁移（Ctrl+Shift+T）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Select a revision in the graph first</source>
        <translation>请先在版本图中选择一个版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Upgrade one revision (+1) from {0} (Ctrl+Alt+U)</source>
        <translation>从 {0} 升级一个版本（+1）（Ctrl+Alt+U）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Undo every applied revision: {0} downgrade(s)</source>
        <translation>撤销所有已应用版本：{0} 次降级</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Upgrade to head: {0} pending revision(s) (Ctrl+U)</source>
        <translation>升级到最新版本：{0} 个待执行版本（Ctrl+U）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Upgrade the database to head (Ctrl+U)</source>
        <translation>将数据库升级到最新版本（Ctrl+U）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Downgrade one step from {0} (Ctrl+D)</source>
        <translation>从 {0} 降级一步（Ctrl+D）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downgrade the database by one revision (Ctrl+D)</source>
        <translation>将数据库降级一个版本（Ctrl+D）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Error: {0}</source>
        <translation>错误：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>A migration is running</source>
        <translation>正在运行迁移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A migration is still running. Stop it and quit?</source>
        <translation>迁移仍在运行。要停止并退出吗？</translation>
    </message>
</context>
<context>
    <name>PlanPanel</name>
    <message>
        <location filename="../../ui/plan_panel.py" line="+288"/>
        <source>Migrator dry run: {0} (offline SQL, nothing was run)</source>
        <translation>Migrator 试运行：{0}（离线 SQL，未执行任何语句）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Database: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dialect: {0}</source>
        <translation>方言：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From: {0}</source>
        <translation>起始版本：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To: {0}</source>
        <translation>目标版本：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date: {0}</source>
        <translation>日期：{0}</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Plan steps</source>
        <translation>执行计划步骤</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Plan SQL</source>
        <translation>执行计划 SQL</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Export .sql…</source>
        <translation>导出 .sql…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+181"/>
        <location line="+97"/>
        <source>Run</source>
        <translation>执行</translation>
    </message>
    <message>
        <location line="-209"/>
        <source>Choose a database and a target to see the plan.</source>
        <translation>选择数据库和目标版本以查看执行计划。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Computing the plan…</source>
        <translation>正在计算执行计划…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The plan could not be computed: {0}</source>
        <translation>无法计算执行计划：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+124"/>
        <source>No plan, no SQL.</source>
        <translation>没有执行计划，也就没有 SQL。</translation>
    </message>
    <message>
        <location line="-110"/>
        <source>Running…</source>
        <translation>正在执行…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>The run succeeded.</source>
        <translation>执行成功。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The run was cancelled.</source>
        <translation>执行已取消。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The run stopped part way.</source>
        <translation>执行中途停止，仅部分应用。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The run failed.</source>
        <translation>执行失败。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Upgrade</source>
        <translation>升级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downgrade</source>
        <translation>降级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stamp</source>
        <translation>标记版本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} {1} from {2} to {3}</source>
        <translation>{0} {1}：从 {2} 到 {3}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the version table only, no migration runs</source>
        <translation>仅修改版本表，不运行任何迁移</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>nothing to do, the database is already there</source>
        <translation>无需操作，数据库已处于该版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 step</source>
        <translation>1 步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} steps</source>
        <translation>{0} 步</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1 drops data</source>
        <translation>1 步会删除数据</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{0} drop data</source>
        <translation>{0} 步会删除数据</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+32"/>
        <source>The SQL could not be rendered in full: {0}</source>
        <translation>无法完整生成 SQL：{0}</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>The whole script</source>
        <translation>完整脚本</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+20"/>
        <source>No SQL.</source>
        <translation>没有 SQL。</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Select a step to see only its SQL.</source>
        <translation>选择一个步骤以仅查看其 SQL。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Step {0}: {1}</source>
        <translation>步骤 {0}：{1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the whole script</source>
        <translation>显示完整脚本</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Data is lost: {0}</source>
        <translation>将丢失数据：{0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not rendered: alembic stopped at an earlier step.</source>
        <translation>未生成：alembic 已在之前的步骤停止。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The plan is running.</source>
        <translation>执行计划正在运行。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+17"/>
        <source>Wait until the plan is computed.</source>
        <translation>请等待执行计划计算完成。</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>There is no plan to run.</source>
        <translation>没有可运行的执行计划。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing to run: the database is already at the target.</source>
        <translation>无需执行：数据库已处于目标版本。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The plan cannot run now.</source>
        <translation>执行计划目前无法运行。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} {1} as planned (Ctrl+Return)</source>
        <translation>按执行计划{0} {1}（Ctrl+Return）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Wait until the run ends.</source>
        <translation>请等待执行结束。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>There is no plan to export.</source>
        <translation>没有可导出的执行计划。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The SQL could not be rendered in full, so there is no complete script to export: {0}</source>
        <translation>无法完整生成 SQL，因此没有可导出的完整脚本：{0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save the whole script as a .sql file, to review or run by hand (Ctrl+S)</source>
        <translation>将完整脚本保存为 .sql 文件，以便审阅或手动执行（Ctrl+S）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stop the run (Esc): the running step is cancelled, later ones do not run</source>
        <translation>停止执行（Esc）：取消正在执行的步骤，后续步骤不再执行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing is running.</source>
        <translation>当前没有正在执行的操作。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Export the plan as SQL</source>
        <translation>将执行计划导出为 SQL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SQL files (*.sql)</source>
        <translation>SQL 文件 (*.sql)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The plan could not be exported to {0}: {1}</source>
        <translation>无法将执行计划导出到 {0}：{1}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exported to {0}</source>
        <translation>已导出到 {0}</translation>
    </message>
</context>
<context>
    <name>PlanStepModel</name>
    <message>
        <location line="-622"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drops</source>
        <translation>删除内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The order in which the steps run</source>
        <translation>各步骤的执行顺序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The revision the step applies (upgrade) or undoes (downgrade)</source>
        <translation>该步骤应用（升级）或撤销（降级）的版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The revision&apos;s message</source>
        <translation>版本的说明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the step drops: data is lost when it runs</source>
        <translation>该步骤会删除的内容：执行时将丢失数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How the step went in the last run</source>
        <translation>该步骤在上次执行中的结果</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Drops nothing</source>
        <translation>不删除任何内容</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>running {0:.1f} s</source>
        <translation>正在执行 {0:.1f} 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>done {0}</source>
        <translation>已完成 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>pending</source>
        <translation>待执行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not run</source>
        <translation>未执行</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Data is lost: {0}</source>
        <translation>将丢失数据：{0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} after {1}</source>
        <translation>{1} 后{0}</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../ui/preferences_dialog.py" line="+122"/>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>System: the look of your desktop; Light or Dark: Qt&apos;s Fusion style</source>
        <translation>跟随系统：使用桌面的外观；浅色或深色：使用 Qt 的 Fusion 风格</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+27"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Code font size</source>
        <translation>代码字号</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Point size of SQL, diffs and migration source; Default: the system&apos;s fixed font</source>
        <translation>SQL、差异和迁移源代码的字号（pt）；默认：使用系统的等宽字体</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applies after a restart</source>
        <translation>重启后生效</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Code &amp;font size:</source>
        <translation>代码字号(&amp;F)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lan&amp;guage:</source>
        <translation>语言(&amp;G)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Default lock timeout</source>
        <translation>默认锁等待超时</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How long a migration&apos;s statement waits for a lock another session holds, for databases opened by URL (a profile has its own); Wait forever: no limit</source>
        <translation>迁移语句等待其他会话所持有的锁的最长时间，适用于通过 URL 打开的数据库（连接配置有其自己的设置）；一直等待：不限时</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wait forever</source>
        <translation>一直等待</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run each migration in its own tr&amp;ansaction</source>
        <translation>每个迁移使用单独的事务(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run each migration in its own transaction</source>
        <translation>每个迁移使用单独的事务</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Commit after every migration, so a failure keeps the steps before it; off: one transaction for the whole run where the database allows it</source>
        <translation>每个迁移完成后提交，失败时保留之前已完成的步骤；关闭时：在数据库支持的情况下，整个运行使用一个事务</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show the &amp;plan before running</source>
        <translation>运行前显示执行计划(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the plan before running</source>
        <translation>运行前显示执行计划</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Upgrade, downgrade and stamp first show what they will do in the Plan tab, and you run them from there</source>
        <translation>升级、降级和标记版本会先在“执行计划”选项卡中显示将执行的操作，然后在那里运行</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Migrations</source>
        <translation>迁移</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Default &amp;lock timeout:</source>
        <translation>默认锁等待超时(&amp;L)：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Confirm &amp;downgrades</source>
        <translation>降级前确认(&amp;D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Confirm downgrades</source>
        <translation>降级前确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask before a downgrade runs (it may drop tables and data)</source>
        <translation>执行降级前先询问（降级可能会删除表和数据）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Confirm &amp;stamps</source>
        <translation>标记版本前确认(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Confirm stamps</source>
        <translation>标记版本前确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask before a stamp changes the recorded revision without running migrations</source>
        <translation>标记版本会在不执行迁移的情况下更改已记录的版本，执行前先询问</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Production profiles always ask you to type the database name before any write, whatever these settings say.</source>
        <translation>无论以上设置如何，生产环境连接配置在任何写操作之前都会要求输入数据库名称。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Production databases</source>
        <translation>生产环境数据库</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not a setting: this safeguard cannot be turned off</source>
        <translation>这不是可更改的设置：此安全保护无法关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirmations</source>
        <translation>确认</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Save the preferences and close</source>
        <translation>保存首选项并关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close without saving</source>
        <translation>不保存并关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Restore Defaults</source>
        <translation>恢复默认值(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put the default values in the form (saved only by OK)</source>
        <translation>在表单中填入默认值（仅在按“确定”后保存）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restore Defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Preferences not saved</source>
        <translation>首选项未保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The preferences could not be saved: {0}</source>
        <translation>无法保存首选项：{0}</translation>
    </message>
</context>
<context>
    <name>ProfileManagerDialog</name>
    <message>
        <location filename="../../ui/profile_manager_dialog.py" line="+117"/>
        <source>Connection profiles[*]</source>
        <translation>数据库连接配置[*]</translation>
    </message>
    <message>
        <location line="+572"/>
        <source>New profile</source>
        <translation>新建连接配置</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>driver: {0}</source>
        <translation>驱动：{0}</translation>
    </message>
    <message>
        <location line="-211"/>
        <location line="+222"/>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Not saved: fix the problems above first.</source>
        <translation>未保存：请先修正上面的问题。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Saved &apos;{0}&apos;.</source>
        <translation>已保存“{0}”。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save changes to profile &apos;{0}&apos;?</source>
        <translation>是否保存对连接配置“{0}”的更改？</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>If you don&apos;t save them, your changes are lost.</source>
        <translation>如果不保存，您的更改将会丢失。</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>{0} copy</source>
        <translation>{0} 副本</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Delete profile</source>
        <translation>删除连接配置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the profile &apos;{0}&apos; and its saved password?</source>
        <translation>是否删除连接配置“{0}”及其保存的密码？</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location line="-655"/>
        <location line="+655"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="-801"/>
        <source>Only this &amp;project&apos;s profiles</source>
        <translation>仅此项目的连接配置(&amp;P)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show only the profiles of this project and the shared ones</source>
        <translation>仅显示此项目的连接配置和共享的连接配置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only this project&apos;s profiles</source>
        <translation>仅此项目的连接配置</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Profiles</source>
        <translation>连接配置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your connection profiles; double-click one to use it</source>
        <translation>数据库连接配置列表；双击某项即可使用</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start a new profile</source>
        <translation>新建连接配置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the selected profile (Ctrl+D)</source>
        <translation>复制所选连接配置（Ctrl+D）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete the selected profile and its password</source>
        <translation>删除所选连接配置及其密码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Move the profile up (Ctrl+Up)</source>
        <translation>将连接配置上移（Ctrl+Up）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Move the profile down (Ctrl+Down)</source>
        <translation>将连接配置下移（Ctrl+Down）</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Profile name</source>
        <translation>连接配置名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A name you choose, e.g. &apos;local&apos;</source>
        <translation>自定义的名称，例如“local”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Database type</source>
        <translation>数据库类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The kind of database server</source>
        <translation>数据库服务器的类型</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The Python driver used to connect</source>
        <translation>用于连接的 Python 驱动程序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Driver</source>
        <translation>驱动程序</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>T&amp;ype:</source>
        <translation>类型(&amp;Y)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SQLite file</source>
        <translation>SQLite 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database file; it is created by the first upgrade if it does not exist</source>
        <translation>数据库文件；如果不存在，将在首次升级时创建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>path/to/app.db</source>
        <translation>path/to/app.db</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+85"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="-83"/>
        <source>Choose the SQLite database file</source>
        <translation>选择 SQLite 数据库文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse for the SQLite file</source>
        <translation>浏览以选择 SQLite 文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>:&amp;memory:</source>
        <translation>:&amp;memory:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A temporary in-memory database (gone when disconnected)</source>
        <translation>临时内存数据库（断开连接后即消失）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In-memory database</source>
        <translation>内存数据库</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Server host name or IP address</source>
        <translation>服务器主机名或 IP 地址</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Server port (1 to 65535)</source>
        <translation>服务器端口（1 到 65535）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P&amp;ort:</source>
        <translation>端口(&amp;O)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The database name</source>
        <translation>数据库名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data&amp;base:</source>
        <translation>数据库(&amp;B)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The user name to log in with</source>
        <translation>登录所用的用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kept in the system keyring, never in a file</source>
        <translation>保存在系统密钥环中，绝不写入文件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Show or hide the password</source>
        <translation>显示或隐藏密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show password</source>
        <translation>显示密码</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>SSL mode</source>
        <translation>SSL 模式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PostgreSQL sslmode; empty: the driver&apos;s default (prefer)</source>
        <translation>PostgreSQL 的 sslmode；留空：使用驱动程序的默认值（prefer）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(driver default)</source>
        <translation>（驱动程序默认值）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SS&amp;L mode:</source>
        <translation>SSL 模式(&amp;L)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Version table schema</source>
        <translation>版本表所在 schema</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schema of the alembic_version table; empty: the search path&apos;s</source>
        <translation>alembic_version 表所在的 schema；留空：使用 search_path 中的 schema</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Version schema:</source>
        <translation>版本表 schema(&amp;V)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Charset</source>
        <translation>字符集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connection character set (utf8mb4 recommended)</source>
        <translation>连接字符集（推荐使用 utf8mb4）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cha&amp;rset:</source>
        <translation>字符集(&amp;R)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SSL CA file</source>
        <translation>SSL CA 文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CA certificate file for SSL connections</source>
        <translation>用于 SSL 连接的 CA 证书文件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose the CA certificate file</source>
        <translation>选择 CA 证书文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse for the SSL CA file</source>
        <translation>浏览以选择 SSL CA 文件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>SS&amp;L CA:</source>
        <translation>SSL CA(&amp;L)：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Environment</source>
        <translation>环境</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Production profiles ask for confirmation before every change</source>
        <translation>生产环境连接配置在每次更改前都会要求确认</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Environment colour</source>
        <translation>环境颜色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The environment&apos;s colour</source>
        <translation>该环境的颜色</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Environment:</source>
        <translation>环境(&amp;E)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Lock timeout</source>
        <translation>锁等待超时</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How long a migration step may wait for a lock another session holds before it fails (PostgreSQL lock_timeout, MariaDB lock_wait_timeout, SQLite busy timeout). 0 waits forever.</source>
        <translation>迁移步骤在失败前等待其他会话所持有的锁的最长时间（PostgreSQL lock_timeout、MariaDB lock_wait_timeout、SQLite busy timeout）。0 表示一直等待。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wait forever</source>
        <translation>一直等待</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loc&amp;k timeout:</source>
        <translation>锁等待超时(&amp;K)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Belongs to this pro&amp;ject (else shared)</source>
        <translation>属于此项目（否则为共享）(&amp;J)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Belongs to this project</source>
        <translation>属于此项目</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checked: listed only with this project; unchecked: shared by every project</source>
        <translation>勾选：仅在此项目中列出；不勾选：所有项目共享</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show extra URL options</source>
        <translation>显示额外的 URL 选项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Advanced options</source>
        <translation>高级选项</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Extra URL options</source>
        <translation>额外的 URL 选项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extra URL query options: key=value pairs separated by &amp;</source>
        <translation>URL 额外查询参数：以 &amp; 分隔的 key=value 对</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>E&amp;xtra options:</source>
        <translation>额外选项(&amp;X)：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Test result</source>
        <translation>测试结果</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Keyring notice</source>
        <translation>系统密钥环提示</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Profile file notice</source>
        <translation>连接配置文件提示</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save the profile (Ctrl+S)</source>
        <translation>保存连接配置（Ctrl+S）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connect and report the server version and the alembic version table</source>
        <translation>连接数据库，并报告服务器版本和 alembic 版本表的内容</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Create a profile from a URL</source>
        <translation>根据 URL 创建连接配置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From alembic.ini</source>
        <translation>从 alembic.ini</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From a pasted URL…</source>
        <translation>从粘贴的 URL…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From DATABASE_URL</source>
        <translation>从 DATABASE_URL</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Copy URL</source>
        <translation>复制 URL(&amp;C)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Copy the URL, without the password</source>
        <translation>复制 URL（不含密码）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>U&amp;se</source>
        <translation>使用(&amp;S)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Connect the main window to this profile</source>
        <translation>让主窗口连接到此连接配置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close this window (Esc)</source>
        <translation>关闭此窗口（Esc）</translation>
    </message>
    <message>
        <location line="+483"/>
        <source>SQLite database file</source>
        <translation>SQLite 数据库文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>SQLite 数据库 (*.db *.sqlite *.sqlite3);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Choose</source>
        <translation>选择(&amp;C)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>SSL CA certificate</source>
        <translation>SSL CA 证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>证书 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Fix the problems above first.</source>
        <translation>请先修正上面的问题。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Testing {0} …</source>
        <translation>正在测试 {0} …</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Copied {0} (without password).</source>
        <translation>已复制 {0}（不含密码）。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Imported &apos;{0}&apos;.</source>
        <translation>已导入“{0}”。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>alembic.ini</source>
        <translation>alembic.ini</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import from a URL</source>
        <translation>从 URL 导入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paste the database URL (hidden: it may contain a password):</source>
        <translation>粘贴数据库 URL（输入内容将被隐藏，因为其中可能含有密码）：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>DATABASE_URL is not set.</source>
        <translation>未设置 DATABASE_URL。</translation>
    </message>
</context>
<context>
    <name>RevisionDetailsView</name>
    <message>
        <location filename="../../ui/revision_details_view.py" line="+107"/>
        <location line="+3"/>
        <source>Upgrade SQL</source>
        <translation>升级 SQL</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+3"/>
        <source>Downgrade SQL</source>
        <translation>降级 SQL</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Select a revision to see it.</source>
        <translation>选择一个版本以查看其详细信息。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>The database holds this revision, but no file in versions/ defines it. alembic will fail with &quot;Can&apos;t locate revision identified by &apos;{0}&apos;&quot;. Restore the file (git may still have it), or stamp the database to a known revision: right-click the revision whose schema the database has and choose Stamp; the unknown row is replaced.</source>
        <translation>数据库中记录了此版本，但 versions/ 中没有任何文件定义它。alembic 将报错 &quot;Can&apos;t locate revision identified by &apos;{0}&apos;&quot;。请恢复该文件（git 中可能仍保留着），或将数据库标记到一个已知版本：右键单击与数据库当前表结构一致的版本，选择“标记版本”，这一未知的记录将被替换。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parents</source>
        <translation>父版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Children</source>
        <translation>子版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Branch labels</source>
        <translation>分支标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Depends on</source>
        <translation>依赖于</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Source too large to show.</source>
        <translation>源文件太大，无法显示。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Select a revision to see the SQL it would run.</source>
        <translation>选择一个版本以查看它将执行的 SQL。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No file in versions/ defines {0}: there is no SQL to show.</source>
        <translation>versions/ 中没有定义 {0} 的文件：没有可显示的 SQL。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open a project to see the SQL of its revisions.</source>
        <translation>打开一个项目以查看其各版本的 SQL。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Select a database: the SQL depends on its dialect.</source>
        <translation>请选择数据库：SQL 取决于数据库的方言。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The SQL is generated when this tab is shown.</source>
        <translation>切换到此标签页时才会生成 SQL。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Generating SQL for {0}…</source>
        <translation>正在为 {0} 生成 SQL…</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>The SQL could not be generated: {0}</source>
        <translation>无法生成 SQL：{0}</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Upgrade {0} → {1} on {2}</source>
        <translation>在 {2} 上升级 {0} → {1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Downgrade {0} → {1} on {2}</source>
        <translation>在 {2} 上降级 {0} → {1}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Offline (--sql): nothing is run. The version-table statements assume the database is at {0}.</source>
        <translation>离线模式（--sql）：不会执行任何语句。版本表相关语句假定数据库处于 {0}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>SQL rendered before the failure:</source>
        <translation>失败前已生成的 SQL：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No SQL.</source>
        <translation>没有 SQL。</translation>
    </message>
</context>
<context>
    <name>RevisionGraphModel</name>
    <message>
        <location filename="../../ui/revision_graph/revision_graph_model.py" line="+78"/>
        <source>Graph</source>
        <translation>图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+135"/>
        <source>applied</source>
        <translation>已应用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pending</source>
        <translation>待执行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown to versions/</source>
        <translation>versions/ 中不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unreadable file</source>
        <translation>文件无法读取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown (no database state)</source>
        <translation>未知（无数据库状态）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> - the database is here</source>
        <translation> - 数据库当前所在版本</translation>
    </message>
    <message>
        <location line="+185"/>
        <source>{0} applied revisions (double-click to expand)</source>
        <translation>{0} 个已应用的版本（双击展开）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unknown revision held by the database (not in versions/)</source>
        <translation>数据库中记录的未知版本（不在 versions/ 中）</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>head</source>
        <translation>最新版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>base</source>
        <translation>初始版本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} revisions applied to the database, folded into one row. Double-click or press Enter to show them.</source>
        <translation>已应用到数据库的 {0} 个版本，已折叠为一行。双击或按 Enter 可展开显示。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Applied to the selected database</source>
        <translation>已应用到所选数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pending: not yet applied to the selected database</source>
        <translation>待执行：尚未应用到所选数据库</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The database holds this revision but no file in versions/ defines it: alembic fails with &quot;Can&apos;t locate revision&quot;. Stamp a known revision to repair it.</source>
        <translation>数据库中记录了此版本，但 versions/ 中没有定义它的文件：alembic 将报错 &quot;Can&apos;t locate revision&quot;。将数据库标记为一个已知版本即可修复。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This file could not be read as a revision</source>
        <translation>无法将此文件作为版本读取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No database state (not connected)</source>
        <translation>无数据库状态（未连接）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> - the database&apos;s current revision</source>
        <translation> - 数据库的当前版本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} applied revisions, folded</source>
        <translation>{0} 个已应用的版本（已折叠）</translation>
    </message>
</context>
<context>
    <name>RevisionGraphPanel</name>
    <message>
        <location filename="../../ui/revision_graph/revision_graph_view.py" line="+200"/>
        <source>The database has no revision</source>
        <translation>数据库尚无任何版本</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+156"/>
        <source>No match</source>
        <translation>无匹配项</translation>
    </message>
    <message>
        <location line="-146"/>
        <source>{0} of {1}</source>
        <translation>第 {0} 个，共 {1} 个</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Find Revision…</source>
        <translation>查找版本(&amp;F)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find a revision by id prefix, message text or branch label</source>
        <translation>按版本号前缀、说明文字或分支标签查找版本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Go to &amp;DB Revision</source>
        <translation>转到数据库当前版本(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select the revision the database is at</source>
        <translation>选中数据库当前所在的版本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Go to &amp;Head</source>
        <translation>转到最新版本(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select a head (again for the next head)</source>
        <translation>选中一个最新版本（再次执行则选中下一个）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Pending Only</source>
        <translation>仅显示待执行(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only the revisions the database has not applied yet</source>
        <translation>仅显示数据库尚未应用的版本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Fold Applied History</source>
        <translation>折叠已应用的历史(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fold the fully-applied history into one row</source>
        <translation>将已全部应用的历史折叠为一行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Oldest First</source>
        <translation>最早的在前(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the oldest revision at the top</source>
        <translation>将最早的版本显示在顶部</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Find: id prefix, message or branch label</source>
        <translation>查找：版本号前缀、说明或分支标签</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ctrl+F. Enter: next match, Shift+Enter: previous, Esc: back to the graph</source>
        <translation>Ctrl+F。Enter：下一个匹配项；Shift+Enter：上一个；Esc：返回版本图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find revision</source>
        <translation>查找版本</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>1 of {0}</source>
        <translation>第 1 个，共 {0} 个</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Show the {0} applied revisions</source>
        <translation>显示 {0} 个已应用的版本</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open the &amp;Doctor for {0}</source>
        <translation>打开 {0} 的诊断(&amp;D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>See why alembic cannot locate this revision and how to repair the version table</source>
        <translation>查看 alembic 无法定位此版本的原因，以及如何修复版本表</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Upgrade to {0}</source>
        <translation>升级到 {0}(&amp;U)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Apply every pending revision up to and including this one</source>
        <translation>应用直至此版本（含）的所有待执行版本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Downgrade to {0}</source>
        <translation>降级到 {0}(&amp;D)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Stamp {0}…</source>
        <translation>标记版本 {0}(&amp;S)…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Copy Revision Id</source>
        <translation>复制版本号(&amp;C)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show S&amp;QL</source>
        <translation>显示 SQL(&amp;Q)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Open File</source>
        <translation>打开文件(&amp;O)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Select a readable database and wait for the running job to finish</source>
        <translation>请选择一个可读取的数据库，并等待正在运行的任务完成</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database is already at this revision</source>
        <translation>数据库已处于此版本</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>depends_on lines hidden (too many to draw): see the details pane</source>
        <translation>已隐藏 depends_on 连线（数量过多，无法绘制）：请查看详情窗格</translation>
    </message>
</context>
<context>
    <name>RevisionGraphView</name>
    <message>
        <location line="-431"/>
        <source>Revision graph</source>
        <translation>版本图</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../ui/welcome_dialog.py" line="+43"/>
        <source>Welcome to Migrator</source>
        <translation>欢迎使用 Migrator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h2&gt;Migrator&lt;/h2&gt;Alembic migrations, visible and safe: see every revision, what your database has applied, and what an upgrade will do before it runs.</source>
        <translation>&lt;h2&gt;Migrator&lt;/h2&gt;让 Alembic 迁移清晰可见、安全可靠：查看每个版本、数据库已应用了哪些版本，以及升级在运行之前将执行哪些操作。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Double-click a project to open it</source>
        <translation>双击项目将其打开</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Recent projects:</source>
        <translation>最近的项目(&amp;R)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No recent project yet.</source>
        <translation>暂无最近的项目。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Open a Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A folder with alembic.ini (or pyproject.toml with [tool.alembic])</source>
        <translation>包含 alembic.ini 的文件夹（或包含 [tool.alembic] 的 pyproject.toml）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the &amp;Demo</source>
        <translation>打开演示(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A small shop on SQLite, with branches and a merge: nothing to set up</source>
        <translation>一个基于 SQLite 的小商店示例，包含分支和合并：无需任何设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;New Migration Environment…</source>
        <translation>新建迁移环境(&amp;N)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run alembic init in your project folder</source>
        <translation>在项目文件夹中运行 alembic init</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take the &amp;Tour</source>
        <translation>开始导览(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A few steps through the graph, an upgrade, the diff and the doctor</source>
        <translation>通过几个步骤了解版本图、升级、差异和诊断</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Show this at start</source>
        <translation>启动时显示此窗口(&amp;S)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
</context>
<context>
    <name>_Legend</name>
    <message>
        <location filename="../../ui/revision_graph/revision_graph_view.py" line="+446"/>
        <source>applied</source>
        <translation>已应用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pending</source>
        <translation>待执行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the database&apos;s revision</source>
        <translation>数据库当前版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>depends_on</source>
        <translation>depends_on</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown / unreadable</source>
        <translation>未知 / 无法读取</translation>
    </message>
</context>
<context>
    <name>_RevisionFieldsBrowser</name>
    <message>
        <location filename="../../ui/revision_details_view.py" line="-328"/>
        <source>Revision details</source>
        <translation>版本详情</translation>
    </message>
</context>
</TS>
