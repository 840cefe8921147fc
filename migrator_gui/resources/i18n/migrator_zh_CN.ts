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
        <location filename="../../ui/history_panel.py" line="+83"/>
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
    <name>AutogenerateJob</name>
    <message>
        <location filename="../../services/autogenerate.py" line="+63"/>
        <source>The runner finished without a comparison: is the project&apos;s interpreter running an older Migrator runner?</source>
        <translation>执行进程已结束，但没有返回比较结果：项目的 Python 解释器运行的是否是较旧的 Migrator 执行进程？</translation>
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
    <name>DbStatus</name>
    <message>
        <location filename="../../core/status.py" line="+83"/>
        <source>Database not readable: {message}</source>
        <translation>无法读取数据库：{message}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No {table} table: the database was never migrated ({count} pending)</source>
        <translation>没有 {table} 表：该数据库从未执行过迁移（{count} 个待执行）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>At base: {table} is empty ({count} pending)</source>
        <translation>处于初始版本：{table} 为空（{count} 个待执行）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database is at {revisions}, which is not in versions/ - open the Doctor</source>
        <translation>数据库处于 {revisions}，但 versions/ 中没有该版本——请打开诊断</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>At {revisions}: {count} pending revision(s); {redundant} redundant row(s) in {table}</source>
        <translation>处于 {revisions}：{count} 个待执行的版本；{table} 中有 {redundant} 条多余的记录</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>At {revisions}: {count} pending revision(s)</source>
        <translation>处于 {revisions}：{count} 个待执行的版本</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>At head ({revisions}); {redundant} redundant row(s) in {table}</source>
        <translation>处于最新版本（{revisions}）；{table} 中有 {redundant} 条多余的记录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>At head ({revisions})</source>
        <translation>处于最新版本（{revisions}）</translation>
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
        <location filename="../../ui/diff_pane.py" line="+737"/>
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
        <location line="+3"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location line="+32"/>
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
        <location line="-1174"/>
        <source>create table {0}</source>
        <translation>创建表 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>drop table {0}</source>
        <translation>删除表 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>add column {0} {1} {2}</source>
        <translation>添加列 {0} {1} {2}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>DEFAULT {0}</source>
        <translation>DEFAULT {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>drop column {0}</source>
        <translation>删除列 {0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>nullable</source>
        <translation>可为空</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NOT NULL</source>
        <translation>NOT NULL</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no default</source>
        <translation>无默认值</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>default {0} → {1}</source>
        <translation>默认值 {0} → {1}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>rename → {0}</source>
        <translation>重命名为 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>alter column {0}</source>
        <translation>修改列 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>alter column {0}: {1}</source>
        <translation>修改列 {0}：{1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+447"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location line="-441"/>
        <source>create unique index</source>
        <translation>创建唯一索引</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>create index</source>
        <translation>创建索引</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>drop index</source>
        <translation>删除索引</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>add unique constraint</source>
        <translation>添加唯一约束</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>add foreign key</source>
        <translation>添加外键</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>drop {0} constraint</source>
        <translation>删除 {0} 约束</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>drop constraint</source>
        <translation>删除约束</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>add check constraint</source>
        <translation>添加检查约束</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>add primary key</source>
        <translation>添加主键</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>set the table comment</source>
        <translation>设置表注释</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>drop the table comment</source>
        <translation>删除表注释</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>rename column {0} → {1}</source>
        <translation>重命名列 {0} → {1}</translation>
    </message>
    <message>
        <location line="+345"/>
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
        <location line="+28"/>
        <source>Written as alter_column(new_column_name=...): the column keeps its data (instead of {0})</source>
        <translation>写为 alter_column(new_column_name=...)：该列保留其数据（而不是 {0}）</translation>
    </message>
</context>
<context>
    <name>Doctor</name>
    <message>
        <location filename="../../core/doctor.py" line="+103"/>
        <source>Find the revision whose schema matches…</source>
        <translation>查找表结构相符的版本…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Build each revision&apos;s schema on a scratch database (a temporary SQLite file, or a throwaway database on the same server) and compare it with this database; the live database is only read.</source>
        <translation>在临时数据库（临时 SQLite 文件，或同一服务器上用完即弃的数据库）上构建各版本的表结构，并与此数据库比较；对正在使用的数据库只读不写。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>versions/ has {count} heads</source>
        <translation>versions/ 中有 {count} 个最新版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Two branches of revisions were never merged: &apos;alembic upgrade head&apos; refuses to choose (&quot;Multiple head revisions are present&quot;). A merge revision joins them; it changes no schema.</source>
        <translation>有两个版本分支从未合并：&apos;alembic upgrade head&apos; 拒绝在其中选择（&quot;Multiple head revisions are present&quot;）。合并版本可以将它们合并，且不会更改任何表结构。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>head {revision}</source>
        <translation>最新版本 {revision}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Create merge revision…</source>
        <translation>创建合并版本…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write a revision whose parents are all the heads (alembic merge), then select it in the graph.</source>
        <translation>编写一个以所有最新版本为父版本的版本（alembic merge），然后在版本图中选中它。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No {table} table, but the database has {count} table(s)</source>
        <translation>没有 {table} 表，但数据库中有 {count} 个表</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The schema was made without alembic (create_all, by hand, a dump): alembic would run every migration from the start and fail on tables that exist. Stamp it (a baseline) at the revision whose schema it has.</source>
        <translation>该表结构不是通过 alembic 创建的（create_all、手工创建或导入的转储）：alembic 会从头运行所有迁移，并在已存在的表上失败。请将其标记为与其表结构相符的版本（作为基线）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>table {table}</source>
        <translation>表 {table}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stamp (baseline) at a revision…</source>
        <translation>标记为某个版本（基线）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create the version table and write the revision you pick on the graph; no migration runs.</source>
        <translation>创建版本表，并写入你在版本图中选择的版本；不执行任何迁移。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>row {revision}: no file in versions/ defines it (git: {git})</source>
        <translation>记录 {revision}：versions/ 中没有定义它的文件（git：{git}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>row {revision}: no file in versions/ defines it</source>
        <translation>记录 {revision}：versions/ 中没有定义它的文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Remove the rows</source>
        <translation>删除这些记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove the row</source>
        <translation>删除该记录</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database is at {revisions}, which is not in versions/</source>
        <translation>数据库处于 {revisions}，但 versions/ 中没有该版本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>alembic stops with &quot;Can&apos;t locate revision identified by …&quot;: the file of that revision was deleted, renamed, or belongs to another branch of the code. Stamp the revision whose schema the database really has, or remove the row.</source>
        <translation>alembic 报错停止（&quot;Can&apos;t locate revision identified by …&quot;）：该版本的文件已被删除、重命名，或属于代码的另一个分支。请标记数据库实际表结构所对应的版本，或删除该记录。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stamp a revision you pick…</source>
        <translation>标记为所选版本…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace the version table&apos;s rows with the revision you select on the graph; no migration runs.</source>
        <translation>将版本表中的记录替换为你在版本图中选择的版本；不执行任何迁移。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delete the unknown row(s); the other rows stay.</source>
        <translation>删除未知的记录；其他记录保留。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{table} has {rows} rows where {minimal} would do</source>
        <translation>{table} 有 {rows} 条记录，而 {minimal} 条就已足够</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Some rows are ancestors of other rows (or appear twice): alembic never writes that, and its upgrades and downgrades may then do the wrong thing. Keep the minimal set of heads.</source>
        <translation>部分记录是其他记录的祖先版本（或出现了两次）：alembic 从不会这样写入，此时它的升级和降级可能会出错。请只保留最少的一组最新版本。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>row {revision} is an ancestor of another row</source>
        <translation>记录 {revision} 是另一条记录的祖先版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>row {revision} appears twice</source>
        <translation>记录 {revision} 出现了两次</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep the minimal rows</source>
        <translation>只保留必要的记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep {revisions}.</source>
        <translation>保留 {revisions}。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{count} revision(s) pending</source>
        <translation>{count} 个版本待执行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database is behind versions/: &apos;alembic revision --autogenerate&apos; refuses (&quot;Target database is not up to date&quot;) until it is upgraded.</source>
        <translation>数据库落后于 versions/：在升级之前，&apos;alembic revision --autogenerate&apos; 会拒绝执行（&quot;Target database is not up to date&quot;）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>pending {revision}</source>
        <translation>待执行 {revision}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Plan the upgrade…</source>
        <translation>规划升级…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the upgrade to the heads in the Plan tab, with its SQL, then run it.</source>
        <translation>在“执行计划”选项卡中显示升级到各最新版本的步骤及其 SQL，然后执行。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{table}.version_num is VARCHAR({limit:d}), revision ids need {longest}</source>
        <translation>{table}.version_num 为 VARCHAR({limit:d})，而版本号需要 {longest} 个字符</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Upgrading to a revision with a longer id fails when alembic writes it (&quot;value too long&quot; / &quot;Data too long&quot;). Widen the column.</source>
        <translation>升级到版本号更长的版本时，alembic 写入版本号会失败（&quot;value too long&quot; / &quot;Data too long&quot;）。请加宽该列。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>revision {revision} has {count} characters</source>
        <translation>版本 {revision} 有 {count} 个字符</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Widen version_num to VARCHAR({length:d})</source>
        <translation>将 version_num 加宽为 VARCHAR({length:d})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Alter the column; the rows stay.</source>
        <translation>修改该列；记录保持不变。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>base</source>
        <translation>初始版本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the database is at {revision}, but {difference}</source>
        <translation>数据库处于 {revision}，但{difference}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{revision}: {count} difference(s)</source>
        <translation>{revision}：{count} 处差异</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stamp {revision} (its schema matches best)</source>
        <translation>标记为 {revision}（其表结构最相符）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set the version table to the revision whose schema is closest to the database&apos;s; no migration runs.</source>
        <translation>将版本表设为表结构与数据库最接近的版本；不执行任何迁移。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The schema differs from revision {revision}</source>
        <translation>表结构与版本 {revision} 不一致</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The schema best matches {revision}</source>
        <translation>表结构与 {revision} 最相符</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No revision matches</source>
        <translation>没有相符的版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The tables and columns the database has are not what its recorded revision creates (changes made by hand, create_all, a restored dump, or a stamp at the wrong revision). Revision {revision} matches best ({count} difference(s)).</source>
        <translation>数据库中的表和列与其记录的版本所创建的不一致（手工修改、create_all、恢复的转储，或标记了错误的版本）。版本 {revision} 最相符（{count} 处差异）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The tables and columns the database has are not what its recorded revision creates (changes made by hand, create_all, a restored dump, or a stamp at the wrong revision).</source>
        <translation>数据库中的表和列与其记录的版本所创建的不一致（手工修改、create_all、恢复的转储，或标记了错误的版本）。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Put the old revisions back</source>
        <translation>移回旧版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the new base file and move the archived revisions back from {archive}.</source>
        <translation>删除新的初始版本文件，并将已归档的版本从 {archive} 移回。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The new base {revision} does not produce this database&apos;s schema</source>
        <translation>新的初始版本 {revision} 生成的表结构与此数据库不一致</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Built on {scratch}, the new base differs from the live schema: the models do not describe the database. Fix the models (or the database) and start over again; nothing was stamped.</source>
        <translation>在 {scratch} 上构建后，新的初始版本与实际表结构不一致：模型与数据库不符。请修正模型（或数据库）后重新开始；未标记任何版本。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Stamp this database at {revision}</source>
        <translation>将此数据库标记为 {revision}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set the version table to the new base; no migration runs.</source>
        <translation>将版本表设为新的初始版本；不执行任何迁移。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>New base {revision} written and proven</source>
        <translation>新的初始版本 {revision} 已写入并通过验证</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The old revisions are in {archive}. Built on {scratch}, the new base produces exactly this database&apos;s schema. Stamp each database of this project at it (the other profiles: select them, open the Doctor, stamp).</source>
        <translation>旧版本已归档到 {archive}。在 {scratch} 上构建后，新的初始版本生成的表结构与此数据库完全一致。请将此项目的每个数据库都标记为该版本（其他连接配置：选中它，打开诊断，标记版本）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>revision {revision}</source>
        <translation>版本 {revision}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>archive {archive}</source>
        <translation>归档 {archive}</translation>
    </message>
</context>
<context>
    <name>DoctorJob</name>
    <message>
        <location filename="../../services/doctor.py" line="+104"/>
        <source>added {path}</source>
        <translation>新增 {path}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>deleted {path}</source>
        <translation>删除 {path}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>changed {path}</source>
        <translation>修改 {path}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>renamed {path}</source>
        <translation>重命名 {path}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>touched {path}</source>
        <translation>改动 {path}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>commit {commit} ({changes})</source>
        <translation>提交 {commit}（{changes}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>commit {commit}</source>
        <translation>提交 {commit}</translation>
    </message>
    <message>
        <location line="+248"/>
        <source>no row</source>
        <translation>无记录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Undo last repair</source>
        <translation>撤销上次修复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put back the rows the last repair found ({rows}), from the audit log of {time}.</source>
        <translation>恢复上次修复前版本表中的记录（{rows}），依据 {time} 的审计日志。</translation>
    </message>
</context>
<context>
    <name>DoctorPanel</name>
    <message>
        <location filename="../../ui/doctor_panel.py" line="+188"/>
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
        <location line="+333"/>
        <location line="+8"/>
        <source>Run repair</source>
        <translation>执行修复</translation>
    </message>
    <message>
        <location line="-314"/>
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
        <location line="+8"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location line="+7"/>
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
        <location line="+19"/>
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
        <location line="+12"/>
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
    <name>DriftJob</name>
    <message>
        <location filename="../../services/drift.py" line="+65"/>
        <source>at {revision}</source>
        <translation>版本 {revision}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>at base</source>
        <translation>初始版本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>table {table} exists {at} but not in the database</source>
        <translation>表 {table} 存在于{at}，但数据库中没有</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>table {table} exists in the database but not {at}</source>
        <translation>表 {table} 存在于数据库中，但不存在于{at}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>column {table}.{column} is missing in the database ({at} it exists)</source>
        <translation>数据库中缺少列 {table}.{column}（该列存在于{at}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>column {table}.{column} already exists in the database (not {at})</source>
        <translation>列 {table}.{column} 已存在于数据库中（不存在于{at}）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>column {table}.{column} is {live} in the database, {wanted} {at}</source>
        <translation>列 {table}.{column} 在数据库中为 {live}，应为 {wanted}（依据{at}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>column {table}.{column} has another default in the database than {at}</source>
        <translation>列 {table}.{column} 在数据库中的默认值与定义不同（依据{at}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>index {index} on {table} exists {at} but not in the database</source>
        <translation>表 {table} 上的索引 {index} 存在于{at}，但数据库中没有</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>index {index} on {table} exists in the database but not {at}</source>
        <translation>表 {table} 上的索引 {index} 存在于数据库中，但不存在于{at}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>constraint {constraint} on {table} exists {at} but not in the database</source>
        <translation>表 {table} 上的约束 {constraint} 存在于{at}，但数据库中没有</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>constraint {constraint} on {table} exists in the database but not {at}</source>
        <translation>表 {table} 上的约束 {constraint} 存在于数据库中，但不存在于{at}</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Comparing with the revisions&apos; schemas on {scratch}</source>
        <translation>正在 {scratch} 上与各版本的表结构比较</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Revision {revision} cannot be applied on the scratch database, so its schema cannot be compared: {error}</source>
        <translation>版本 {revision} 无法在临时数据库上应用，因此无法比较其表结构：{error}</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+2"/>
        <source>a temporary SQLite file</source>
        <translation>临时 SQLite 文件</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot create a scratch database on {database} to build the revisions&apos; schemas there: {error}</source>
        <translation>无法在 {database} 上创建临时数据库来构建各版本的表结构：{error}</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+3"/>
        <source>a throwaway database {name} on the same server</source>
        <translation>同一服务器上的一次性数据库 {name}</translation>
    </message>
</context>
<context>
    <name>EnvSetup</name>
    <message>
        <location filename="../../core/env_setup.py" line="+75"/>
        <source>write it as module:attribute, e.g. &apos;app.models:Base.metadata&apos;</source>
        <translation>请写成 module:attribute 的形式，例如 &apos;app.models:Base.metadata&apos;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No target given: {example}.</source>
        <translation>未指定目标：{example}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&apos;{target}&apos; is not a target: {example} (exactly one &apos;:&apos;).</source>
        <translation>&apos;{target}&apos; 不是有效的目标：{example}（只能有一个 &apos;:&apos;）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&apos;{target}&apos; names no module before &apos;:&apos;: {example}.</source>
        <translation>&apos;{target}&apos; 的 &apos;:&apos; 之前没有模块名：{example}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&apos;{target}&apos; names no attribute after &apos;:&apos;: {example}.</source>
        <translation>&apos;{target}&apos; 的 &apos;:&apos; 之后没有属性名：{example}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&apos;{module}&apos; is not a Python module path (dotted names such as &apos;app.models&apos;, no &apos;/&apos;, &apos;-&apos; or &apos;.py&apos;).</source>
        <translation>&apos;{module}&apos; 不是 Python 模块路径（应为以点分隔的名称，如 &apos;app.models&apos;，不能含 &apos;/&apos;、&apos;-&apos; 或 &apos;.py&apos;）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&apos;{attribute}&apos; is not an attribute path (dotted names such as &apos;Base.metadata&apos;).</source>
        <translation>&apos;{attribute}&apos; 不是属性路径（应为以点分隔的名称，如 &apos;Base.metadata&apos;）。</translation>
    </message>
    <message>
        <location line="+138"/>
        <source>env.py is not valid Python (line {line}: {reason}); fix it first.</source>
        <translation>env.py 不是有效的 Python 代码（第 {line} 行：{reason}），请先修复。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>env.py changes target_metadata with &apos;{statement}&apos; on line {line}; edit env.py by hand.</source>
        <translation>env.py 第 {line} 行用 &apos;{statement}&apos; 修改了 target_metadata，请手动编辑 env.py。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>env.py assigns target_metadata together with other names on line {line} (&apos;{statement}&apos;); edit env.py by hand.</source>
        <translation>env.py 第 {line} 行将 target_metadata 与其他名称一起赋值（&apos;{statement}&apos;），请手动编辑 env.py。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>env.py already sets target_metadata = {value} (line {line}); nothing to do, or edit that line by hand.</source>
        <translation>env.py 已设置 target_metadata = {value}（第 {line} 行）；无需修改，或手动编辑该行。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>env.py sets target_metadata = None more than once (lines {lines}); edit env.py by hand.</source>
        <translation>env.py 多次设置 target_metadata = None（第 {lines} 行），请手动编辑 env.py。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>env.py assigns target_metadata inside a block on line {line}; edit env.py by hand.</source>
        <translation>env.py 第 {line} 行在代码块内为 target_metadata 赋值，请手动编辑 env.py。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Replaces &apos;target_metadata = None&apos; on line {line} with &apos;target_metadata = {expression}&apos; and adds &apos;{import_line}&apos; above it.</source>
        <translation>将第 {line} 行的 &apos;target_metadata = None&apos; 替换为 &apos;target_metadata = {expression}&apos;，并在其上方添加 &apos;{import_line}&apos;。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Replaces &apos;target_metadata = None&apos; on line {line} with &apos;target_metadata = {expression}&apos; (&apos;{module}&apos; is already imported).</source>
        <translation>将第 {line} 行的 &apos;target_metadata = None&apos; 替换为 &apos;target_metadata = {expression}&apos;（&apos;{module}&apos; 已导入）。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>env.py has no &apos;target_metadata = None&apos; at module level: the lines are inserted {where}.</source>
        <translation>env.py 的模块级没有 &apos;target_metadata = None&apos;：这两行将插入{where}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>env.py has no &apos;target_metadata = None&apos; at module level: the line is inserted {where}.</source>
        <translation>env.py 的模块级没有 &apos;target_metadata = None&apos;：该行将插入{where}。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>before &apos;def {function}&apos; (line {line})</source>
        <translation>到 &apos;def {function}&apos; 之前（第 {line} 行）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>after the imports (line {line})</source>
        <translation>到 import 语句之后（第 {line} 行）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>at the end of the file</source>
        <translation>到文件末尾</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>{path} no longer exists; nothing was written.</source>
        <translation>{path} 已不存在，未写入任何内容。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{path} changed on disk since it was read; nothing was written. Reload it and plan the edit again.</source>
        <translation>{path} 在读取后已在磁盘上被修改，未写入任何内容。请重新加载并再次规划修改。</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <location filename="../../ui/error_banner.py" line="+37"/>
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
        <location filename="../../ui/doctor_panel.py" line="-517"/>
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
    <message>
        <location line="+34"/>
        <location line="+3"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
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
    <name>InitEnvironmentJob</name>
    <message>
        <location filename="../../services/environment.py" line="+128"/>
        <source>alembic has no template named &apos;{template}&apos;. Choose one of: {names}.</source>
        <translation>alembic 没有名为“{template}”的模板。请从以下模板中选择：{names}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&apos;{name}&apos; is not a folder name for the migration scripts.</source>
        <translation>“{name}”不能用作迁移脚本的文件夹名。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{folder} is a file, not a folder: choose an empty folder.</source>
        <translation>{folder} 是文件而不是文件夹：请选择一个空文件夹。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{folder} already holds an alembic.ini: open it as a project instead, or choose an empty folder.</source>
        <translation>{folder} 中已有 alembic.ini：请将其作为项目打开，或选择一个空文件夹。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{file} already has a [tool.alembic] table: open it as a project instead, or choose an empty folder.</source>
        <translation>{file} 中已有 [tool.alembic] 配置段：请将其作为项目打开，或选择一个空文件夹。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>alembic init failed: {error} — choose an empty folder (or another name for the scripts folder).</source>
        <translation>alembic init 失败：{error}——请选择一个空文件夹（或为脚本文件夹换一个名称）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>alembic init failed: {error}</source>
        <translation>alembic init 失败：{error}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>alembic init failed: {error} ({file}). Choose a folder you can write to.</source>
        <translation>alembic init 失败：{error}（{file}）。请选择一个有写入权限的文件夹。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>alembic init failed: {error}. Choose a folder you can write to.</source>
        <translation>alembic init 失败：{error}。请选择一个有写入权限的文件夹。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>{file} is not valid TOML ({error}); fix it first.</source>
        <translation>{file} 不是有效的 TOML（{error}）；请先修正。</translation>
    </message>
</context>
<context>
    <name>Job</name>
    <message>
        <location filename="../../services/jobs.py" line="+58"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Unexpected error: {type}: {error}</source>
        <extracomment>The value ``run()`` returned. The MigratorError that ``run()`` raised (others are wrapped in a JobError).</extracomment>
        <translation>意外错误：{type}：{error}</translation>
    </message>
    <message>
        <location line="+150"/>
        <source>Cancelled before it started.</source>
        <extracomment>The work begins (emitted once, before the worker thread starts). ``k`` of ``n`` units done; ``n`` is 0 while unknown. One human-readable line for the log pane. The value returned by :meth:`run` (plain data). A :class:`MigratorError` (a :class:`JobCancelled` after :meth:`cancel`). Always emitted exactly once, after ``result`` or ``error``.</extracomment>
        <translation>在开始之前已取消。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cancelled. {reason}</source>
        <translation>已取消。{reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The job ended without a result.</source>
        <translation>任务结束，但没有返回结果。</translation>
    </message>
</context>
<context>
    <name>Lint</name>
    <message>
        <location filename="../../core/lint.py" line="+352"/>
        <source>{count:,} row</source>
        <translation>{count:,} 行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count:,} rows</source>
        <translation>{count:,} 行</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Dropping table {table} deletes all its rows.</source>
        <translation>删除表 {table} 会删除其中的所有行。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Back the table up first if its data may still be needed.</source>
        <translation>如果表中的数据可能还有用，请先备份该表。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Dropping column {column} deletes its data.</source>
        <translation>删除列 {column} 会删除其中的数据。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>If the column was renamed, treat it as a rename (alter_column new_column_name=...).</source>
        <translation>如果该列是被重命名的，请按重命名处理（alter_column new_column_name=...）。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Adding NOT NULL column {column} without a default fails: {table} has {rows}.</source>
        <translation>添加没有默认值的 NOT NULL 列 {column} 会失败：{table} 有 {rows}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Adding NOT NULL column {column} without a default fails if {table} has rows.</source>
        <translation>如果 {table} 中有数据，添加没有默认值的 NOT NULL 列 {column} 会失败。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add a server_default, or add it nullable, fill it, then make it NOT NULL.</source>
        <translation>请设置 server_default；或者先将其添加为可空列，填充数据后再改为 NOT NULL。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Making {column} NOT NULL: existing NULLs make it fail.</source>
        <translation>将 {column} 改为 NOT NULL：已有的 NULL 值会导致失败。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fill the NULLs first (op.execute(&quot;UPDATE {table} SET {column} = ... WHERE {column} IS NULL&quot;)), then make it NOT NULL.</source>
        <translation>请先填充 NULL 值（op.execute(&quot;UPDATE {table} SET {column} = ... WHERE {column} IS NULL&quot;)），再改为 NOT NULL。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Changing {column} from {old_type} to {new_type} may truncate or reject existing values.</source>
        <translation>将 {column} 从 {old_type} 改为 {new_type} 可能会截断或拒绝已有的值。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Check the existing values fit the new type first, or keep the wider type.</source>
        <translation>请先确认已有的值能放入新类型，或保留更宽的类型。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>CREATE INDEX locks writes to {table} ({rows}) while it builds.</source>
        <translation>CREATE INDEX 在建立索引期间会锁住对 {table}（{rows}）的写入。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>On a large table use postgresql_concurrently=True, outside a transaction (with op.get_context().autocommit_block()).</source>
        <translation>对于大表，请在事务之外使用 postgresql_concurrently=True（with op.get_context().autocommit_block()）。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Column {table}.{old_column} dropped and {table}.{new_column} added with the same type: a rename?</source>
        <translation>删除了列 {table}.{old_column}，又添加了同类型的列 {table}.{new_column}：是重命名吗？</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Treat as a rename: alter_column(new_column_name=&apos;{new_column}&apos;) keeps the data</source>
        <translation>按重命名处理：alter_column(new_column_name=&apos;{new_column}&apos;) 会保留数据</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>MySQL/MariaDB DDL is not transactional: a step that fails half-way stays half applied.</source>
        <translation>MySQL/MariaDB 的 DDL 不支持事务：中途失败的步骤会停留在部分应用的状态。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Keep one risky change per revision, so a failure leaves a state you can name.</source>
        <translation>每个版本只放一项有风险的改动，这样失败后的状态是明确可知的。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{aspects} and {aspect}</source>
        <translation>{aspects}、{aspect}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>create {table} table</source>
        <translation>创建 {table} 表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>drop {table} table</source>
        <translation>删除 {table} 表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>add {column}</source>
        <translation>添加列 {column}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>drop {column}</source>
        <translation>删除列 {column}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>rename {column} to {new_name}</source>
        <translation>将 {column} 重命名为 {new_name}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>default</source>
        <translation>默认值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>make {column} nullable</source>
        <translation>将 {column} 改为可空</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>make {column} not null</source>
        <translation>将 {column} 改为非空</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>nullable</source>
        <translation>可空性</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>comment</source>
        <translation>注释</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>alter {column}</source>
        <translation>修改 {column}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>alter {column} {aspects}</source>
        <translation>修改 {column} 的{aspects}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>add index {name}</source>
        <translation>添加索引 {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>add index on {table}</source>
        <translation>为 {table} 添加索引</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>drop index {name}</source>
        <translation>删除索引 {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>drop index on {table}</source>
        <translation>删除 {table} 上的索引</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>add unique {name}</source>
        <translation>添加唯一约束 {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>add unique constraint on {table}</source>
        <translation>为 {table} 添加唯一约束</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>add foreign key {name}</source>
        <translation>添加外键 {name}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>add {table} foreign key to {referred}</source>
        <translation>为 {table} 添加指向 {referred} 的外键</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>add {table} foreign key</source>
        <translation>为 {table} 添加外键</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>drop constraint {name}</source>
        <translation>删除约束 {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>drop constraint on {table}</source>
        <translation>删除 {table} 上的约束</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{first}, {second}</source>
        <translation>{first}，{second}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{first}, {second}, {third}</source>
        <translation>{first}，{second}，{third}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{first}, {second} and {count} more changes</source>
        <translation>{first}，{second}，以及其他 {count} 处变化</translation>
    </message>
</context>
<context>
    <name>LockWaitView</name>
    <message>
        <location filename="../../ui/lock_wait_view.py" line="+46"/>
        <source>Cancel my migration</source>
        <translation>取消我的迁移</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop the waiting migration: its current step is rolled back where the database allows it (Ctrl+.)</source>
        <translation>停止正在等待的迁移：在数据库支持的情况下，回滚其当前步骤（Ctrl+.）</translation>
    </message>
    <message>
        <location line="+35"/>
        <source> for {0:.0f} s</source>
        <translation>（已等待 {0:.0f} 秒）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> ({0})</source>
        <translation>（{0}）</translation>
    </message>
    <message>
        <location line="+4"/>
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
    <message>
        <location line="+17"/>
        <source>Blocked by session {0}</source>
        <translation>被会话 {0} 阻塞</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>transaction open {0:.0f} s</source>
        <translation>事务已打开 {0:.0f} 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>holds {0}</source>
        <translation>持有 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>probably (an open transaction; the server does not say)</source>
        <translation>可能是（一个未结束的事务；服务器未说明）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>LockWatchJob</name>
    <message>
        <location filename="../../services/lock_watch.py" line="+147"/>
        <source>Lock watch: connected again to {database}.</source>
        <extracomment>A :class:`~migrator_gui.core.locks.LockWait`: the first diagnosis, every change, and at least one a second while the session waits (its ``wait_seconds`` grows).</extracomment>
        <translation>锁监视：已重新连接到 {database}。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Lock watch: cannot read the locks of {database}: {reason} (retrying)</source>
        <translation>锁监视：无法读取 {database} 的锁信息：{reason}（正在重试）</translation>
    </message>
</context>
<context>
    <name>Locks</name>
    <message>
        <location filename="../../core/locks.py" line="+52"/>
        <source>SQLite cannot show lock waits from another connection: a waiting writer only has its busy timeout (it fails with &apos;database is locked&apos; when the timeout expires).</source>
        <translation>SQLite 无法从另一个连接查看锁等待：等待中的写入方只有忙等待超时（超时后以 &apos;database is locked&apos; 失败）。</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>Not a session id: {value}.</source>
        <translation>不是会话 ID：{value}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>this database</source>
        <translation>此数据库</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Lock waits cannot be diagnosed on {database}.</source>
        <translation>无法诊断 {database} 上的锁等待。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>SQLite sessions cannot be terminated from another connection.</source>
        <translation>无法从另一个连接终止 SQLite 会话。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>SQLite sessions cannot be canceled from another connection.</source>
        <translation>无法从另一个连接取消 SQLite 会话。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot terminate sessions on {database}.</source>
        <translation>无法终止 {database} 上的会话。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot cancel sessions on {database}.</source>
        <translation>无法取消 {database} 上的会话。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Session {session} is this diagnosing connection itself.</source>
        <translation>会话 {session} 就是当前用于诊断的连接本身。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The server refused to terminate session {session}: {reason}</source>
        <translation>服务器拒绝终止会话 {session}：{reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server refused to cancel session {session}: {reason}</source>
        <translation>服务器拒绝取消会话 {session}：{reason}</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>a table</source>
        <translation>某个表</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>extension of {table}</source>
        <translation>{table} 的扩展</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>row ({page},{tuple}) of {table}</source>
        <translation>{table} 的行 ({page},{tuple})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>page {page} of {table}</source>
        <translation>{table} 的第 {page} 页</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>transaction {xid} (a row it changed)</source>
        <translation>事务 {xid}（它修改过的某一行）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>virtual transaction {xid}</source>
        <translation>虚拟事务 {xid}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>advisory lock {key}</source>
        <translation>咨询锁 {key}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>advisory lock ({classid}, {objid})</source>
        <translation>咨询锁 ({classid}, {objid})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a lock</source>
        <translation>某个锁</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+227"/>
        <source>local</source>
        <translation>本地</translation>
    </message>
    <message>
        <location line="-209"/>
        <source>Session {session} is not connected (it may have ended).</source>
        <translation>会话 {session} 未连接（可能已结束）。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{lock} on {target} ({wait})</source>
        <translation>{target} 上的 {lock}（{wait}）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>waits for {lock} on {target} too</source>
        <translation>也在等待 {target} 上的 {lock}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>waits for {lock} too</source>
        <translation>也在等待 {lock}</translation>
    </message>
    <message>
        <location line="+145"/>
        <source>{lock} on {target}</source>
        <translation>{target} 上的 {lock}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} lock</source>
        <translation>{name} 锁</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>lock</source>
        <translation>锁</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{lock} ({index})</source>
        <translation>{lock}（索引 {index}）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>metadata lock {kind}</source>
        <translation>元数据锁 {kind}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>metadata lock</source>
        <translation>元数据锁</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Session {session} is not connected (it may have ended, or this user lacks the PROCESS privilege to see it).</source>
        <translation>会话 {session} 未连接（可能已结束，或当前用户缺少查看它所需的 PROCESS 权限）。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Waiting for a row lock (LOCK WAIT)</source>
        <translation>正在等待行锁（LOCK WAIT）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Waiting for {lock} (LOCK WAIT)</source>
        <translation>正在等待{lock}（LOCK WAIT）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The server does not tell who holds the metadata lock (performance_schema is off): the sessions listed have an open transaction or a statement running since before the wait, and may hold it.</source>
        <translation>服务器不提供元数据锁的持有者（performance_schema 未开启）：列出的会话有未结束的事务，或有在等待开始前就已在执行的语句，可能持有该锁。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>open transaction (may hold the lock)</source>
        <translation>有未结束的事务（可能持有该锁）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>statement running since before the wait (may hold the lock)</source>
        <translation>有在等待开始前就已在执行的语句（可能持有该锁）</translation>
    </message>
</context>
<context>
    <name>LogPane</name>
    <message>
        <location filename="../../ui/log_pane.py" line="+24"/>
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
        <location line="+83"/>
        <source>Password for {0}</source>
        <translation>{0} 的密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password of {0} for {1}:</source>
        <translation>{0} 在 {1} 上的密码：</translation>
    </message>
    <message>
        <location line="+14"/>
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
        <location line="+1409"/>
        <source>No database selected</source>
        <translation>未选择数据库</translation>
    </message>
    <message>
        <location line="-1500"/>
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
        <location line="+53"/>
        <source>no row</source>
        <translation>无记录</translation>
    </message>
    <message>
        <location line="-31"/>
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
        <location line="+10"/>
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
        <location line="+867"/>
        <source>Upgrade</source>
        <translation>升级</translation>
    </message>
    <message>
        <location line="-866"/>
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
        <location line="+843"/>
        <source>Stamp</source>
        <translation>标记版本</translation>
    </message>
    <message>
        <location line="-840"/>
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
        <location line="+805"/>
        <source>Downgrade</source>
        <translation>降级</translation>
    </message>
    <message>
        <location line="-791"/>
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
        <location line="+31"/>
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
        <location line="+39"/>
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
        <location line="+10"/>
        <source>Done: the database is at {0}.</source>
        <translation>完成：数据库现处于 {0}。</translation>
    </message>
    <message>
        <location line="+52"/>
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
        <location line="+1"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+45"/>
        <source>Unreadable revision file: {0}</source>
        <translation>无法读取的版本文件：{0}</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>open the Doctor</source>
        <translation>打开诊断</translation>
    </message>
    <message>
        <location line="+22"/>
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
        <location line="-369"/>
        <location line="+370"/>
        <source>base</source>
        <translation>初始版本</translation>
    </message>
    <message>
        <location line="+2"/>
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
        <location line="+16"/>
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
    <name>MergeJob</name>
    <message>
        <location filename="../../services/doctor.py" line="+30"/>
        <source>The runner finished without writing the merge revision.</source>
        <translation>执行进程已结束，但没有写入合并版本。</translation>
    </message>
</context>
<context>
    <name>MigrationService</name>
    <message>
        <location filename="../../services/migrate.py" line="+1209"/>
        <source>A migration is already running on {database} ({operation} to {target}). Wait for it to finish or cancel it.</source>
        <extracomment>True when the first job starts, False when the last one finished. A :class:`RunnerJob` was just started (for log panes that follow every run).</extracomment>
        <translation>{database} 上已有迁移正在执行（{operation}到 {target}）。请等待其完成，或将其取消。</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Could not write the audit log {path}: {error}</source>
        <translation>无法写入审计日志 {path}：{error}</translation>
    </message>
</context>
<context>
    <name>Plan</name>
    <message>
        <location filename="../../core/plan.py" line="+392"/>
        <source>drop table {table}</source>
        <translation>删除表 {table}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>drop column {column}</source>
        <translation>删除列 {column}</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>truncate table {table}</source>
        <translation>清空表 {table}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>delete from {table}</source>
        <translation>删除 {table} 的所有行</translation>
    </message>
</context>
<context>
    <name>PlanJob</name>
    <message>
        <location filename="../../services/plan.py" line="+116"/>
        <source>alembic cannot render this plan offline on SQLite; running it on a copy of the database instead (the database itself is not touched).</source>
        <translation>alembic 无法在 SQLite 上以离线方式生成此执行计划；改为在数据库的副本上运行（不会改动数据库本身）。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The step fails on a copy of the database: {error}</source>
        <translation>该步骤在数据库副本上执行失败：{error}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>-- Rehearsed on a copy of the SQLite database: alembic cannot render this offline
-- (batch mode reflects the tables). These are the statements that ran on the copy;
-- bound parameters show as ?. Each step runs in its own transaction.

</source>
        <translation>-- 已在 SQLite 数据库的副本上预演：alembic 无法以离线方式生成这些 SQL
-- （batch 模式需要反射表结构）。以下是在副本上实际执行的语句；
-- 绑定参数显示为 ?。每个步骤在各自的事务中执行。

</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>-- alembic creates {table} first: it does not exist yet.

</source>
        <translation>-- alembic 会先创建 {table}：该表尚不存在。

</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>empty the version table, then write the target; no migration runs</source>
        <translation>清空版本表，再写入目标版本；不执行任何迁移</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Not rendered: alembic stops at the first step it cannot render.</source>
        <translation>未生成：alembic 在第一个无法生成的步骤处停止。</translation>
    </message>
</context>
<context>
    <name>PlanPanel</name>
    <message>
        <location filename="../../ui/plan_panel.py" line="+299"/>
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
        <location line="+100"/>
        <source>Run</source>
        <translation>执行</translation>
    </message>
    <message>
        <location line="-212"/>
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
        <location line="+125"/>
        <source>No plan, no SQL.</source>
        <translation>没有执行计划，也就没有 SQL。</translation>
    </message>
    <message>
        <location line="-111"/>
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
        <location line="+1"/>
        <source>, </source>
        <translation>，</translation>
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
        <location line="+22"/>
        <source>No SQL.</source>
        <translation>没有 SQL。</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Select a step to see only its SQL.</source>
        <translation>选择一个步骤以仅查看其 SQL。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Step {0}: {1}</source>
        <translation>步骤 {0}：{1}</translation>
    </message>
    <message>
        <location line="+3"/>
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
        <location line="-634"/>
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
    <name>Preferences</name>
    <message>
        <location filename="../../core/preferences.py" line="+107"/>
        <source>{first} {then}</source>
        <translation>{first}{then}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The {name} {value} is not one of {allowed}.</source>
        <translation>{name} {value} 不是 {allowed} 之一。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&apos;{name}&apos; must be true or false, not {value}.</source>
        <translation>&apos;{name}&apos; 必须为 true 或 false，而不是 {value}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The default lock timeout {value} is not a number of seconds.</source>
        <translation>默认锁等待超时 {value} 不是以秒为单位的数字。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The default lock timeout {value:g} s is out of range: 0 (wait forever) to {maximum:g} seconds.</source>
        <translation>默认锁等待超时 {value:g} 秒超出范围：应为 0（一直等待）到 {maximum:g} 秒。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The code font size {value} is not a whole number of points.</source>
        <translation>代码字号 {value} 不是整数磅值。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The code font size {value} is out of range: 0 (system default) or {minimum} to {maximum} points.</source>
        <translation>代码字号 {value} 超出范围：应为 0（系统默认）或 {minimum} 到 {maximum} 磅。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{problem} Using the default, {default}.</source>
        <translation>{problem}将使用默认值 {default}。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{path} could not be read ({reason}); using the defaults.</source>
        <translation>无法读取 {path}（{reason}），将使用默认设置。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{path} is not valid JSON ({reason}); using the defaults.</source>
        <translation>{path} 不是有效的 JSON（{reason}），将使用默认设置。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{path} does not hold a JSON object; using the defaults.</source>
        <translation>{path} 中不是 JSON 对象，将使用默认设置。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{path} has no valid &apos;version&apos; ({version}); reading it as version 1.</source>
        <translation>{path} 没有有效的 &apos;version&apos;（{version}），将按版本 1 读取。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{path} was written by a newer Migrator (version {version}); the settings this version knows are used, and saving writes version {current}.</source>
        <translation>{path} 由更新版本的 Migrator 写入（版本 {version}）；将使用本版本能识别的设置，保存时写入版本 {current}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&apos;preferences&apos; in {path} is not a JSON object; using the defaults.</source>
        <translation>{path} 中的 &apos;preferences&apos; 不是 JSON 对象，将使用默认设置。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../ui/preferences_dialog.py" line="+123"/>
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
        <location filename="../../ui/profile_manager_dialog.py" line="+119"/>
        <source>Connection profiles[*]</source>
        <translation>数据库连接配置[*]</translation>
    </message>
    <message>
        <location line="+577"/>
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
        <location line="-660"/>
        <location line="+660"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="-941"/>
        <source>The advanced options &apos;{0}&apos; are not key=value pairs separated by &amp; (e.g. connect_timeout=10&amp;application_name=migrator).</source>
        <translation>高级选项“{0}”不是以 &amp; 分隔的 key=value 对（例如 connect_timeout=10&amp;application_name=migrator）。</translation>
    </message>
    <message>
        <location line="+135"/>
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
        <location line="+3"/>
        <source>development</source>
        <translation>开发环境</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>staging</source>
        <translation>预发布环境</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>production</source>
        <translation>生产环境</translation>
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
    <name>Profiles</name>
    <message>
        <location filename="../../core/profiles.py" line="+57"/>
        <source>No system keyring: the password is kept in memory until Migrator closes and asked again next time.</source>
        <translation>没有可用的系统密钥环：密码仅保存在内存中直到 Migrator 关闭，下次需要重新输入。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>{first} {then}</source>
        <translation>{first}{then}</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Profile &apos;{name}&apos;: {problem}</source>
        <translation>连接配置“{name}”：{problem}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Profile &apos;{name}&apos;: unknown database type &apos;{dialect}&apos;.</source>
        <translation>连接配置“{name}”：未知的数据库类型 &apos;{dialect}&apos;。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>(default)</source>
        <translation>默认数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{database} on {host}:{port}</source>
        <translation>{host}:{port} 上的 {database}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>&apos;{url}&apos; is not a database URL. The form is dialect+driver://user:password@host:port/database; special characters in the password (@ : / %) must be percent-encoded (@ is %40).</source>
        <translation>&apos;{url}&apos; 不是数据库 URL。格式为 dialect+driver://user:password@host:port/database；密码中的特殊字符（@ : / %）必须进行百分号编码（@ 写作 %40）。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&apos;{url}&apos;: Migrator supports SQLite, PostgreSQL and MySQL/MariaDB, not &apos;{backend}&apos;.</source>
        <translation>&apos;{url}&apos;：Migrator 支持 SQLite、PostgreSQL 和 MySQL/MariaDB，不支持 &apos;{backend}&apos;。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Give the profile a name.</source>
        <translation>请为连接配置命名。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unknown database type &apos;{dialect}&apos;: choose SQLite, PostgreSQL or MySQL.</source>
        <translation>未知的数据库类型 &apos;{dialect}&apos;：请选择 SQLite、PostgreSQL 或 MySQL。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Unknown environment &apos;{environment}&apos;: choose development, staging or production.</source>
        <translation>未知的环境 &apos;{environment}&apos;：请选择开发环境、预发布环境或生产环境。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The advanced option name &apos;{key}&apos; is not valid.</source>
        <translation>高级选项名 &apos;{key}&apos; 无效。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose the SQLite database file (or :memory:).</source>
        <translation>请选择 SQLite 数据库文件（或 :memory:）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Enter the server&apos;s host name or address (e.g. 127.0.0.1).</source>
        <translation>请输入服务器的主机名或地址（例如 127.0.0.1）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The host &apos;{host}&apos; contains spaces or one of ; / @ ? #: enter only a host name or IP address (the port, user and database have their own fields).</source>
        <translation>主机 &apos;{host}&apos; 含有空格或 ; / @ ? # 之一：请只输入主机名或 IP 地址（端口、用户和数据库各有单独的输入框）。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The lock timeout &apos;{value}&apos; is not a number of seconds.</source>
        <translation>锁等待超时 &apos;{value}&apos; 不是以秒为单位的数字。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The lock timeout {value:g} s is out of range: enter 0 (wait forever) to {maximum:g} seconds.</source>
        <translation>锁等待超时 {value:g} 秒超出范围：请输入 0（一直等待）到 {maximum:g} 秒。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The port &apos;{port}&apos; is not a number.</source>
        <translation>端口 &apos;{port}&apos; 不是数字。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The port &apos;{port}&apos; is not a number: enter 1 to 65535 (5432, 3306, ...).</source>
        <translation>端口 &apos;{port}&apos; 不是数字：请输入 1 到 65535（5432、3306 等）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The port {port} is out of range: enter 1 to 65535 (5432, 3306, ...).</source>
        <translation>端口 {port} 超出范围：请输入 1 到 65535（5432、3306 等）。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&apos;{path}&apos; is a folder: choose a database file inside it (or a new file name).</source>
        <translation>&apos;{path}&apos; 是一个文件夹：请选择其中的数据库文件（或输入新文件名）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The folder &apos;{folder}&apos; does not exist: create it or choose another file.</source>
        <translation>文件夹 &apos;{folder}&apos; 不存在：请先创建它，或选择其他文件。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The folder &apos;{folder}&apos; is read-only: the database file cannot be created.</source>
        <translation>文件夹 &apos;{folder}&apos; 是只读的：无法创建数据库文件。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&apos;{path}&apos; cannot be read: {reason}.</source>
        <translation>无法读取 &apos;{path}&apos;：{reason}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&apos;{path}&apos; is not a SQLite database (its first bytes are not a SQLite header).</source>
        <translation>&apos;{path}&apos; 不是 SQLite 数据库（文件开头不是 SQLite 文件头）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&apos;{path}&apos; is read-only: migrations need to write to it. Make the file writable or choose a copy.</source>
        <translation>&apos;{path}&apos; 是只读的：迁移需要写入该文件。请使其可写，或选择一个副本。</translation>
    </message>
    <message>
        <location line="+139"/>
        <source>a profile is not an object</source>
        <extracomment>``_MIGRATIONS[n]`` turns a file of schema version n into version n + 1 (add v1 -&gt; v2 here).</extracomment>
        <translation>某个连接配置不是对象</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>profile field {field} is not text</source>
        <translation>连接配置字段 {field} 不是文本</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>a profile has no name or id</source>
        <translation>某个连接配置缺少名称或 ID</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>profile port is not a number</source>
        <translation>连接配置的端口不是数字</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>profile &apos;{name}&apos;: {problem}</source>
        <translation>连接配置“{name}”：{problem}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>profile options are not text</source>
        <translation>连接配置的选项不是文本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>profile projects are not a list of folders</source>
        <translation>连接配置的项目不是文件夹列表</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>the file does not hold a JSON object</source>
        <extracomment>Why the last read found no usable file and what was done (for the UI, a :class:`~migrator_gui.core.text.Text`), else None.</extracomment>
        <translation>文件中不是 JSON 对象</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&apos;profiles&apos; is not a list</source>
        <translation>&apos;profiles&apos; 不是列表</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>two profiles have the same name</source>
        <translation>有两个连接配置同名</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&apos;last_used&apos; is not a mapping of folders to names</source>
        <translation>&apos;last_used&apos; 不是从文件夹到名称的映射</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{path} was written by a newer Migrator (schema version {version}); it was moved to {aside} and left untouched. Update Migrator to use those profiles.</source>
        <translation>{path} 由更新版本的 Migrator 写入（schema 版本 {version}）；已将其移至 {aside}，内容未作改动。请升级 Migrator 以使用这些连接配置。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{path} could not be read ({reason}); it was moved to {aside} and a new profile list was started. Your old file is kept there.</source>
        <translation>无法读取 {path}（{reason}）；已将其移至 {aside}，并新建了连接配置列表。原文件保留在该处。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{path} cannot be read nor moved aside ({reason}); profiles cannot be saved until it is fixed or removed.</source>
        <translation>{path} 既无法读取也无法移走（{reason}）；在修复或删除该文件之前，无法保存连接配置。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>There is no profile named &apos;{name}&apos;.</source>
        <translation>没有名为“{name}”的连接配置。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Profile &apos;{name}&apos; cannot be saved: {problems}</source>
        <translation>无法保存连接配置“{name}”：{problems}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A profile named &apos;{name}&apos; exists: choose another name or edit that one.</source>
        <translation>已存在名为“{name}”的连接配置：请换一个名称，或编辑那个连接配置。</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>A profile named &apos;{name}&apos; exists: choose another name.</source>
        <translation>已存在名为“{name}”的连接配置：请换一个名称。</translation>
    </message>
</context>
<context>
    <name>Project</name>
    <message>
        <location filename="../../core/project.py" line="+80"/>
        <source>{file}: cannot read script_location: {reason}</source>
        <translation>{file}：无法读取 script_location：{reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{file}: no &apos;script_location&apos; is set in [{section}]. Add a line such as &apos;script_location = %(here)s/alembic&apos; pointing at the folder that holds env.py.</source>
        <translation>{file}：[{section}] 中未设置 &apos;script_location&apos;。请添加一行，例如 &apos;script_location = %(here)s/alembic&apos;，指向包含 env.py 的文件夹。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{file}: script_location &apos;{setting}&apos; points at {folder}, which is not a folder. Fix script_location, or run &apos;alembic init&apos; to create it.</source>
        <translation>{file}：script_location &apos;{setting}&apos; 指向 {folder}，但它不是文件夹。请修正 script_location，或运行 &apos;alembic init&apos; 创建它。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{file}: {folder} has no env.py, so it is not an alembic environment.</source>
        <translation>{file}：{folder} 中没有 env.py，因此不是 alembic 迁移环境。</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>{path} holds no alembic.ini and no pyproject.toml with a [tool.alembic] table. Open the folder where you run &apos;alembic&apos; commands, or run &apos;alembic init&apos; there.</source>
        <translation>{path} 中既没有 alembic.ini，也没有含 [tool.alembic] 表的 pyproject.toml。请打开你运行 &apos;alembic&apos; 命令的文件夹，或在该处运行 &apos;alembic init&apos;。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{path} does not exist.</source>
        <translation>{path} 不存在。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} has no [tool.alembic] table.</source>
        <translation>{path} 中没有 [tool.alembic] 表。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{file}: not valid TOML: {reason}</source>
        <translation>{file}：不是有效的 TOML：{reason}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{file}: not UTF-8 text ({reason}).</source>
        <translation>{file}：不是 UTF-8 文本（{reason}）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{file} is not a valid ini file: {reason}</source>
        <translation>{file} 不是有效的 ini 文件：{reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{file} cannot be read: {reason}</source>
        <translation>无法读取 {file}：{reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{file} has no [{section}] section. An alembic.ini starts with &apos;[{section}]&apos; followed by &apos;script_location = ...&apos;.</source>
        <translation>{file} 中没有 [{section}] 节。alembic.ini 以 &apos;[{section}]&apos; 开头，下一行是 &apos;script_location = ...&apos;。</translation>
    </message>
</context>
<context>
    <name>RepairJob</name>
    <message>
        <location filename="../../services/doctor.py" line="-156"/>
        <source>The repair failed and was rolled back: {error}. The version table holds {rows}.</source>
        <translation>修复失败，已回滚：{error}。版本表的当前内容：{rows}。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>A migration is running on {database}: the repair did not run. Try again when it finished.</source>
        <translation>{database} 上正在执行迁移：修复未执行。请在迁移结束后重试。</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>what it held (it could not be re-read)</source>
        <translation>与修复前相同（无法重新读取确认）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no version table</source>
        <translation>无（版本表不存在）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no row</source>
        <translation>无记录</translation>
    </message>
</context>
<context>
    <name>RevisionDetailsView</name>
    <message>
        <location filename="../../ui/revision_details_view.py" line="+108"/>
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
        <location line="+11"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+8"/>
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
        <location line="+24"/>
        <source>base</source>
        <translation>初始版本</translation>
    </message>
    <message>
        <location line="+4"/>
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
        <location filename="../../ui/revision_graph/revision_graph_model.py" line="+79"/>
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
    <name>RevisionSqlJob</name>
    <message>
        <location filename="../../services/revision_sql.py" line="+98"/>
        <source>The runner finished without the SQL of both directions: is the project&apos;s interpreter running an older Migrator runner?</source>
        <translation>执行进程已结束，但没有返回升级和降级两个方向的 SQL：项目的解释器是否在运行旧版本的 Migrator 执行进程？</translation>
    </message>
</context>
<context>
    <name>Revisions</name>
    <message>
        <location filename="../../core/revisions.py" line="+278"/>
        <source>is bound inside an expression</source>
        <translation>在表达式内部被绑定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is not a literal value</source>
        <translation>不是字面值</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{first}; {then}</source>
        <translation>{first}；{then}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{file}, line {line}</source>
        <translation>{file} 第 {line} 行</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{file}: cannot be read: {reason}</source>
        <translation>{file}：无法读取：{reason}</translation>
    </message>
    <message>
        <location line="+295"/>
        <source>{file}: cannot be compiled: {reason}</source>
        <translation>{file}：无法编译：{reason}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{where}: {kind}: {reason}</source>
        <translation>{where}：{kind}：{reason}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{file}: cannot be parsed: {reason}</source>
        <translation>{file}：无法解析：{reason}</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>is assigned inside a module-level &apos;{kind}&apos; block</source>
        <translation>在模块级的 &apos;{kind}&apos; 代码块内被赋值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>is bound by a statement Migrator does not evaluate ({kind})</source>
        <translation>由 Migrator 不会求值的语句绑定（{kind}）</translation>
    </message>
    <message>
        <location line="+169"/>
        <source>{file}: no &apos;revision = &quot;...&quot;&apos; assignment, so this is not a revision file alembic can load</source>
        <translation>{file}：没有 &apos;revision = &quot;...&quot;&apos; 赋值，因此不是 alembic 能加载的版本文件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{where}: &apos;revision&apos; {why}; Migrator reads revision files without running them, so it must be a string literal</source>
        <translation>{where}：&apos;revision&apos; {why}；Migrator 读取版本文件时不会运行它们，因此它必须是字符串字面值</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{where}: &apos;revision&apos; must be a string, not {type}</source>
        <translation>{where}：&apos;revision&apos; 必须是字符串，而不是 {type}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{where}: &apos;revision&apos; is empty</source>
        <translation>{where}：&apos;revision&apos; 为空</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{where}: character(s) &apos;{characters}&apos; not allowed in revision identifier &apos;{revision}&apos;</source>
        <translation>{where}：版本号 &apos;{revision}&apos; 中不允许出现字符 &apos;{characters}&apos;</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{file}: no &apos;down_revision = ...&apos; assignment (use None for a first revision)</source>
        <translation>{file}：没有 &apos;down_revision = ...&apos; 赋值（第一个版本请使用 None）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{where}: &apos;{name}&apos; {why}; Migrator reads revision files without running them, so it must be a literal</source>
        <translation>{where}：&apos;{name}&apos; {why}；Migrator 读取版本文件时不会运行它们，因此它必须是字面值</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{where}: &apos;{name}&apos; must be a string, a tuple or list of strings, or None, not {type}</source>
        <translation>{where}：&apos;{name}&apos; 必须是字符串、字符串元组或列表，或 None，而不是 {type}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{where}: revision {revision} lists itself as its down_revision</source>
        <translation>{where}：版本 {revision} 把自己列为自己的 down_revision</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{where}: revision {revision} depends on itself</source>
        <translation>{where}：版本 {revision} 依赖自身</translation>
    </message>
    <message>
        <location line="+249"/>
        <source>{identifier} is not a revision identifier.</source>
        <translation>{identifier} 不是版本号。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>There is no head revision.</source>
        <translation>没有最新版本。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There are {count} heads ({heads}); name one of them or a branch label.</source>
        <translation>有 {count} 个最新版本（{heads}）；请指定其中一个，或指定分支标签。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&apos;{identifier}&apos; is a target for alembic commands, not one revision; use graph.heads / graph.bases, or graph.revision_map() for alembic&apos;s full syntax.</source>
        <translation>&apos;{identifier}&apos; 是 alembic 命令的目标，而不是单个版本；请使用 graph.heads / graph.bases，或用 graph.revision_map() 获得 alembic 的完整语法。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No revision or branch label &apos;{identifier}&apos; in the version locations; give at least four characters for a partial revision id.</source>
        <translation>版本目录中没有版本或分支标签 &apos;{identifier}&apos;；使用部分版本号时请至少输入四个字符。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No revision or branch label &apos;{identifier}&apos; in the version locations.</source>
        <translation>版本目录中没有版本或分支标签 &apos;{identifier}&apos;。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&apos;{identifier}&apos; is ambiguous: {count} revisions or labels start with it ({candidates}); give more characters.</source>
        <translation>&apos;{identifier}&apos; 有歧义：有 {count} 个版本或标签以它开头（{candidates}）；请输入更多字符。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>alembic cannot load these revisions while {count} file(s) are broken ({revisions}); fix them first.</source>
        <translation>有 {count} 个文件损坏（{revisions}），alembic 无法加载这些版本；请先修复它们。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>alembic refuses this revision graph: {reason}</source>
        <translation>alembic 拒绝此版本图：{reason}</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Revision {revision} is declared by two files: {first} and {second}. {name} is ignored until one of them gets a new id.</source>
        <translation>版本 {revision} 由两个文件声明：{first} 和 {second}。在其中一个改用新的版本号之前，{name} 将被忽略。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file}: duplicate revision id {revision}, already declared by {other}</source>
        <translation>{file}：版本号 {revision} 重复，已由 {other} 声明</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Branch label &apos;{label}&apos; of revision {revision} is also a revision id; it is ignored.</source>
        <translation>版本 {revision} 的分支标签 &apos;{label}&apos; 同时也是一个版本号，已忽略该标签。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Branch label &apos;{label}&apos; of revision {revision} is already used by revision {other}; it is ignored.</source>
        <translation>版本 {revision} 的分支标签 &apos;{label}&apos; 已被版本 {other} 使用，已忽略该标签。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Revisions {revisions} form a cycle through down_revision/depends_on.</source>
        <translation>版本 {revisions} 通过 down_revision/depends_on 形成了循环。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{file}: revision {revision} is part of a cycle ({revisions})</source>
        <translation>{file}：版本 {revision} 处于循环中（{revisions}）</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>&apos;{reference}&apos; is a branch label; write the revision id {revision} instead</source>
        <translation>&apos;{reference}&apos; 是分支标签，请改写为版本号 {revision}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&apos;{reference}&apos; is not present in the version locations</source>
        <translation>版本目录中不存在 &apos;{reference}&apos;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{where}: {name} {problems}</source>
        <translation>{where}：{name} {problems}</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>The version location {location} does not exist.</source>
        <translation>版本目录 {location} 不存在。</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>{file}: not a regular file</source>
        <translation>{file}：不是普通文件</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{count} file(s) are reached through more than one version location (e.g. {example}); each is read once. Make the version locations distinct.</source>
        <translation>有 {count} 个文件可通过多个版本目录访问（例如 {example}）；每个文件只读取一次。请让各版本目录互不重叠。</translation>
    </message>
</context>
<context>
    <name>Runner</name>
    <message>
        <location filename="../../runner/child.py" line="+169"/>
        <source>{sentence} {more}</source>
        <translation>{sentence}{more}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{first} and {second}</source>
        <translation>{first} 和 {second}</translation>
    </message>
    <message>
        <location line="+472"/>
        <source>This env.py migrates several databases (alembic&apos;s multidb template): it asks for {names}. Migrator migrates one database at a time, the selected one ({selected}); nothing was run. Use the alembic command line for this project, or give each database its own project or ini section.</source>
        <translation>此 env.py 会迁移多个数据库（alembic 的 multidb 模板）：它请求连接 {names}。Migrator 一次只迁移一个数据库，即所选的数据库（{selected}）；未执行任何操作。请对此项目使用 alembic 命令行，或为每个数据库单独建立项目或 ini 配置节。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>env.py asked for {asked}; Migrator generated SQL for {selected}, the selected database.</source>
        <translation>env.py 请求连接 {asked}；Migrator 改为针对所选数据库 {selected} 生成了 SQL。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>env.py asked for {asked}; Migrator ran against {selected}, the selected database.</source>
        <translation>env.py 请求连接 {asked}；Migrator 改为在所选数据库 {selected} 上执行。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>env.py passed {names} to create_engine(); Migrator ignores them so that the engine connects to the selected database {selected}.</source>
        <translation>env.py 向 create_engine() 传入了 {names}；Migrator 忽略了这些参数，以便引擎连接到所选数据库 {selected}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>env.py passed {names} to create_engine(); Migrator ignores it so that the engine connects to the selected database {selected}.</source>
        <translation>env.py 向 create_engine() 传入了 {names}；Migrator 忽略了该参数，以便引擎连接到所选数据库 {selected}。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>env.py opened a {dialect} connection instead of one to the selected database {selected}; nothing was run.</source>
        <translation>env.py 打开了一个 {dialect} 连接，而不是到所选数据库 {selected} 的连接；未执行任何操作。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Could not check where a new database connection goes: {error}</source>
        <translation>无法检查新的数据库连接指向何处：{error}</translation>
    </message>
    <message>
        <location line="+68"/>
        <location line="+198"/>
        <source>the SQLite file {file}</source>
        <translation>SQLite 文件 {file}</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>dialect {dialect}</source>
        <translation>方言 {dialect}</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>This env.py migrates several databases (alembic&apos;s multidb template): it configures a second connection while the first is open. Migrator migrates one database at a time, the selected one ({selected}); the run was stopped. Use the alembic command line for this project, or give each database its own project or ini section.</source>
        <translation>此 env.py 会迁移多个数据库（alembic 的 multidb 模板）：它在第一个连接仍打开时配置了第二个连接。Migrator 一次只迁移一个数据库，即所选的数据库（{selected}）；本次运行已停止。请对此项目使用 alembic 命令行，或为每个数据库单独建立项目或 ini 配置节。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>an unknown database</source>
        <translation>一个未知的数据库</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Could not read the database session or take Migrator&apos;s migration lock: {error}</source>
        <translation>无法读取数据库会话，或无法获取 Migrator 的迁移锁：{error}</translation>
    </message>
    <message>
        <location line="+120"/>
        <source> since {since} (process {pid} on {host}, {operation})</source>
        <translation>（自 {since} 起，{host} 上的进程 {pid}，{operation}）</translation>
    </message>
    <message>
        <location line="+1179"/>
        <source>a migration</source>
        <translation>一个迁移</translation>
    </message>
    <message>
        <location line="-1047"/>
        <source>Could not read the version table after the run: {error}</source>
        <translation>运行结束后无法读取版本表：{error}</translation>
    </message>
    <message>
        <location line="+194"/>
        <source>env.py never called context.run_migrations() in online mode, so the version table could not be read.</source>
        <translation>env.py 在在线模式下从未调用 context.run_migrations()，因此无法读取版本表。</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>{others} besides {revision}</source>
        <translation>{revision} 以及额外的 {others}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{others} instead of {revision}</source>
        <translation>{others}（而不是 {revision}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>nothing</source>
        <translation>0 个版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The upgrade SQL of {revision} alone cannot be expressed as an alembic range: from {source} alembic would run {would}. Nothing is shown rather than the SQL of other revisions.</source>
        <translation>无法用 alembic 的版本范围单独表示 {revision} 的升级 SQL：从 {source} 开始，alembic 会执行 {would}。为避免显示其他版本的 SQL，此处不显示任何内容。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The downgrade SQL of {revision} alone cannot be expressed as an alembic range: from {source} alembic would run {would}. Nothing is shown rather than the SQL of other revisions.</source>
        <translation>无法用 alembic 的版本范围单独表示 {revision} 的降级 SQL：从 {source} 开始，alembic 会执行 {would}。为避免显示其他版本的 SQL，此处不显示任何内容。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>env.py never ran the migrations in offline mode (it does not call context.run_migrations() when context.is_offline_mode() is true), so alembic rendered no SQL.</source>
        <translation>env.py 从未在离线模式下执行迁移（context.is_offline_mode() 为 true 时它不调用 context.run_migrations()），因此 alembic 没有生成任何 SQL。</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>env.py&apos;s process_revision_directives dropped the revision: nothing was written.</source>
        <translation>env.py 的 process_revision_directives 丢弃了该版本：未写入任何内容。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>None of the chosen operations is in the comparison any more (the models or the database changed since): compare again. Nothing was written.</source>
        <translation>所选的操作都已不在比较结果中（此后模型或数据库发生了变化）：请重新比较。未写入任何内容。</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>env.py sets no target_metadata, so there is nothing to compare the database with. In env.py, set target_metadata to your models&apos; MetaData, e.g. &apos;from app.models import Base&apos; and &apos;target_metadata = Base.metadata&apos; (Flask-SQLAlchemy: &apos;target_metadata = db.Model.metadata&apos;).</source>
        <translation>env.py 没有设置 target_metadata，因此没有可与数据库比较的对象。请在 env.py 中将 target_metadata 设为模型的 MetaData，例如 &apos;from app.models import Base&apos; 和 &apos;target_metadata = Base.metadata&apos;（Flask-SQLAlchemy：&apos;target_metadata = db.Model.metadata&apos;）。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>env.py never ran the migrations online (it does not call context.run_migrations()), so alembic compared nothing.</source>
        <translation>env.py 从未在在线模式下执行迁移（它不调用 context.run_migrations()），因此 alembic 没有进行任何比较。</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>alembic cannot render this revision&apos;s upgrade offline on {database}: {reason}{where}</source>
        <translation>alembic 无法在 {database} 上以离线方式生成此版本的升级 SQL：{reason}{where}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>alembic cannot render this revision&apos;s downgrade offline on {database}: {reason}{where}</source>
        <translation>alembic 无法在 {database} 上以离线方式生成此版本的降级 SQL：{reason}{where}</translation>
    </message>
    <message>
        <location line="+378"/>
        <source>env.py connected to {elsewhere} instead of the selected database {selected}; nothing was run.</source>
        <translation>env.py 连接到了 {elsewhere}，而不是所选数据库 {selected}；未执行任何操作。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>database {name}</source>
        <translation>数据库 {name}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the server {address}</source>
        <translation>服务器 {address}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Another migration is running on {database}{holder}. Nothing was run; wait for it to finish, or cancel it.</source>
        <translation>{database} 上正在运行另一个迁移{holder}。未执行任何操作；请等待其完成，或将其取消。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source> since {since} (session {session}, {user}@{client}, {application})</source>
        <translation>（自 {since} 起，会话 {session}，{user}@{client}，{application}）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> since {since} (session {session}, {user}@{client})</source>
        <translation>（自 {since} 起，会话 {session}，{user}@{client}）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source> (session {session}, {user}@{host}, {command} since {since})</source>
        <translation>（会话 {session}，{user}@{host}，自 {since} 起处于 {command} 状态）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> (session {session})</source>
        <translation>（会话 {session}）</translation>
    </message>
    <message>
        <location line="+6"/>
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
        <source>merge</source>
        <translation>合并版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>revision</source>
        <translation>写入版本</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>Cancelled by the user after {count} step(s).</source>
        <translation>已由用户取消，此前完成了 {count} 个步骤。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelled by the user during step {step}.</source>
        <translation>已由用户在步骤 {step} 执行期间取消。</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>the database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>env.py or a migration called sys.exit({code}){where}; nothing more ran.</source>
        <translation>env.py 或某个迁移调用了 sys.exit({code}){where}；后续操作均未执行。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Interrupted.</source>
        <translation>已中断。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The database is at {revision}, which is not in versions/ — open the Doctor to see what the version table holds and how to repair it.</source>
        <translation>数据库处于版本 {revision}，但 versions/ 中没有该版本——请打开“诊断”查看版本表的内容以及修复方法。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No revision &apos;{revision}&apos; in versions/. Pick a target from the revision graph (or &apos;heads&apos;).</source>
        <translation>versions/ 中没有版本“{revision}”。请从版本图中选择目标（或 &apos;heads&apos;）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Several heads: upgrade to &apos;heads&apos; or pick one. (alembic: {message})</source>
        <translation>存在多个最新版本：请升级到 &apos;heads&apos;，或选择其中一个。（alembic：{message}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Target database is not up to date: upgrade it to the heads first.</source>
        <translation>目标数据库不是最新的：请先将其升级到各最新版本。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>An offline (SQL) downgrade needs a range &apos;from:to&apos;, e.g. &apos;d4e5f6:a1b2c3&apos;, since the database is not read in offline mode.</source>
        <translation>离线（SQL）降级需要一个范围 &apos;from:to&apos;，例如 &apos;d4e5f6:a1b2c3&apos;，因为离线模式下不会读取数据库。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A range &apos;from:to&apos; is only allowed in offline (SQL) mode.</source>
        <translation>范围 &apos;from:to&apos; 只能在离线（SQL）模式下使用。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stamp with purge cannot be done in offline (SQL) mode.</source>
        <translation>带清空（purge）的标记版本无法在离线（SQL）模式下进行。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{message}{where}</source>
        <translation>{message}{where}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>env.py tries to write while only reading the status: {error}{where}. Migrator reads the status in read-only sessions so that looking never changes the database: move that statement into a migration, or skip it when config.attributes.get(&quot;migrator_read_only&quot;) is true.</source>
        <translation>env.py 在仅读取状态时试图写入：{error}{where}。Migrator 在只读会话中读取状态，确保查看操作绝不会改动数据库：请把该语句移到迁移中，或在 config.attributes.get(&quot;migrator_read_only&quot;) 为 true 时跳过它。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot connect to {database}: {error}</source>
        <translation>无法连接到 {database}：{error}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A database error stopped the run before any step: {error}{where}</source>
        <translation>在执行任何步骤之前，一个数据库错误中止了运行：{error}{where}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>env.py could not import what it needs: {error}{where}. Check prepend_sys_path in the configuration and that the project interpreter has the project&apos;s packages.</source>
        <translation>env.py 无法导入所需的模块：{error}{where}。请检查配置中的 prepend_sys_path，并确认项目解释器中安装了项目所需的包。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>env.py reads the environment variable {name}, which is not set{where}. Set it before starting Migrator, or read the URL with config.get_main_option(&quot;sqlalchemy.url&quot;): Migrator sets it to the selected database.</source>
        <translation>env.py 读取了环境变量 {name}，但该变量未设置{where}。请在启动 Migrator 之前设置它，或改用 config.get_main_option(&quot;sqlalchemy.url&quot;) 读取 URL：Migrator 会将其设为所选数据库。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{type}: {message}{where}</source>
        <translation>{type}: {message}{where}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source> (at {location})</source>
        <translation>（位于 {location}）</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The database driver {module} is not installed in the project interpreter ({python}); SQLAlchemy needs it for {scheme}:// URLs (driver {driver}). Install it in that environment, or name a driver that is installed in the URL (dialect+driver://).</source>
        <translation>项目解释器（{python}）中没有安装数据库驱动 {module}；SQLAlchemy 需要它来处理 {scheme}:// URL（驱动 {driver}）。请在该环境中安装它，或在 URL 中指定一个已安装的驱动（dialect+driver://）。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>SQLAlchemy {version} connects postgresql:// with {driver}: install it, or write the URL as postgresql+psycopg2:// to use psycopg2.</source>
        <translation>SQLAlchemy {version} 使用 {driver} 连接 postgresql://：请安装它，或将 URL 写成 postgresql+psycopg2:// 以使用 psycopg2。</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Step failed while generating SQL: {step}: {reason}. Offline mode: nothing was run on the database.</source>
        <translation>生成 SQL 时步骤失败：{step}：{reason}。离线模式：未在数据库上执行任何操作。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Step failed: {step}: {reason}.</source>
        <translation>步骤失败：{step}：{reason}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Step failed: {step}: it waited longer than the lock timeout ({seconds} s) for a lock another session holds ({reason}).</source>
        <translation>步骤失败：{step}：等待另一个会话持有的锁超过了锁等待超时（{seconds} 秒）（{reason}）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Step failed: {step}: it waited longer than the lock timeout for a lock another session holds ({reason}).</source>
        <translation>步骤失败：{step}：等待另一个会话持有的锁超过了锁等待超时（{reason}）。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This step was rolled back; the {count} step(s) before it stay applied.</source>
        <translation>此步骤已回滚；之前的 {count} 个步骤仍保持已应用。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The transaction was rolled back: nothing of this run was applied.</source>
        <translation>事务已回滚：本次运行的任何改动都未应用。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{dialect} DDL is not transactional: this step&apos;s changes may be partly applied (it touched {objects}), and the {count} step(s) before it are applied. Check those objects before running it again or downgrading.</source>
        <translation>{dialect} 的 DDL 不支持事务：此步骤的改动可能已部分应用（涉及 {objects}），且之前的 {count} 个步骤已应用。重新执行或降级之前，请检查这些对象。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{dialect} DDL is not transactional: this step&apos;s changes may be partly applied (it touched {objects}). Check those objects before running it again or downgrading.</source>
        <translation>{dialect} 的 DDL 不支持事务：此步骤的改动可能已部分应用（涉及 {objects}）。重新执行或降级之前，请检查这些对象。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>It had changed nothing yet; the {count} step(s) before it are applied.</source>
        <translation>此步骤尚未做出任何改动；之前的 {count} 个步骤已应用。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>It had changed nothing yet.</source>
        <translation>此步骤尚未做出任何改动。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Bad request: {error}</source>
        <translation>请求无效：{error}</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>{missing} cannot be imported by {python}: choose the project&apos;s interpreter (its virtualenv) in the project settings.</source>
        <translation>{python} 无法导入 {missing}：请在项目设置中选择项目的解释器（其虚拟环境）。</translation>
    </message>
</context>
<context>
    <name>RunnerJob</name>
    <message>
        <location filename="../../services/migrate.py" line="-1191"/>
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
        <source>status</source>
        <translation>读取状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>autogenerate</source>
        <translation>自动生成比较</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>revision</source>
        <translation>写入版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>merge</source>
        <translation>合并版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>revision_sql</source>
        <translation>生成版本 SQL</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Migrator&apos;s runner script is missing: {script} (broken installation).</source>
        <translation>缺少 Migrator 的执行进程的脚本：{script}（安装已损坏）。</translation>
    </message>
    <message>
        <location line="+369"/>
        <source>Cannot start the project interpreter {interpreter}: {reason}. Choose the project&apos;s Python in the project settings.</source>
        <extracomment>Each protocol event the child sent (Started, Plan, Step, Log, Sql, Backend, Result, Error), as the typed dataclass from :mod:`migrator_gui.core.protocol`. (Named as the brief asks; it shadows ``QObject.event`` for Python callers only - Qt&apos;s C++ event dispatch is unaffected, which tests/services/test_migrate.py exercises.)</extracomment>
        <translation>无法启动项目解释器 {interpreter}：{reason}。请在项目设置中选择项目的 Python。</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>{error} {version_table}</source>
        <translation>{error} {version_table}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The runner process ended (exit code {code}) without a result: {last}</source>
        <translation>执行进程已结束（退出码 {code}），但没有返回结果：{last}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The runner process ended (exit code {code}) without a result.</source>
        <translation>执行进程已结束（退出码 {code}），但没有返回结果。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{error} The run was interrupted. {version_table}</source>
        <translation>{error} 运行被中断。{version_table}</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>Started {operation} on {database} (process {pid}, {python}, alembic {alembic}, SQLAlchemy {sqlalchemy})</source>
        <translation>已在 {database} 上开始{operation}（进程 {pid}，{python}，alembic {alembic}，SQLAlchemy {sqlalchemy}）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Nothing to run</source>
        <translation>没有需要执行的步骤</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 step to run</source>
        <translation>有 1 个步骤待执行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} steps to run</source>
        <translation>有 {count} 个步骤待执行</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Connected: {dialect} session {session}</source>
        <translation>已连接：{dialect} 会话 {session}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Done: SQL generated for {steps} step(s), ending at {heads}</source>
        <translation>完成：已为 {steps} 个步骤生成 SQL，最终版本为 {heads}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No version table &apos;{table}&apos; in the database</source>
        <translation>数据库中没有版本表“{table}”</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Version table &apos;{table}&apos;: {heads}</source>
        <translation>版本表“{table}”：{heads}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Done: {steps} step(s); the database is at {heads}</source>
        <translation>完成：{steps} 个步骤；数据库当前版本为 {heads}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{database} rolls back the open transaction: steps that were not committed are undone.</source>
        <translation>{database} 会回滚未完成的事务：尚未提交的步骤均已撤销。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{database} DDL is not transactional: the step that was running may be partly applied, and the version table may not record the last step.</source>
        <translation>{database} 的 DDL 不支持事务：正在执行的步骤可能只应用了一部分，且版本表可能没有记录最后一个步骤。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelled: the migration process was stopped after {count} step(s) ({reason}). {note} {version_table} Refresh the status (or open the Doctor) before running again.</source>
        <translation>已取消：迁移进程在完成 {count} 个步骤后被停止（{reason}）。{note}{version_table}再次运行前，请先刷新状态（或打开诊断）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelled: the migration process was stopped after {count} step(s). {note} {version_table} Refresh the status (or open the Doctor) before running again.</source>
        <translation>已取消：迁移进程在完成 {count} 个步骤后被停止。{note}{version_table}再次运行前，请先刷新状态（或打开诊断）。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The run was stopped before any migration started.</source>
        <translation>运行在任何迁移开始之前即已停止。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The version table could not be re-read ({reason}).</source>
        <translation>无法重新读取版本表（{reason}）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>There is no version table &apos;{table}&apos; now.</source>
        <translation>现在没有版本表“{table}”。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The version table &apos;{table}&apos; is empty now.</source>
        <translation>版本表“{table}”现在为空。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The version table &apos;{table}&apos; now holds: {heads}.</source>
        <translation>版本表“{table}”现在的内容：{heads}。</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>The migration did not stop within {seconds} s; stopping its process.</source>
        <translation>迁移未在 {seconds} 秒内停止；正在停止其进程。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Stopping the migration process…</source>
        <translation>正在停止迁移进程…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The migration process did not stop; killing it.</source>
        <translation>迁移进程未停止；正在强制结束。</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Cancelled the running statement of session {session}.</source>
        <translation>已取消会话 {session} 正在执行的语句。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Could not cancel session {session}: {reason}</source>
        <translation>无法取消会话 {session}：{reason}</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>Stamping {source} -&gt; {destination} ({seconds} s)</source>
        <translation>正在标记版本 {source} -&gt; {destination}（{seconds} 秒）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Running upgrade {source} -&gt; {destination}, {description} ({seconds} s)</source>
        <translation>正在升级 {source} -&gt; {destination}，{description}（{seconds} 秒）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Running downgrade {source} -&gt; {destination}, {description} ({seconds} s)</source>
        <translation>正在降级 {source} -&gt; {destination}，{description}（{seconds} 秒）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Running upgrade {source} -&gt; {destination} ({seconds} s)</source>
        <translation>正在升级 {source} -&gt; {destination}（{seconds} 秒）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Running downgrade {source} -&gt; {destination} ({seconds} s)</source>
        <translation>正在降级 {source} -&gt; {destination}（{seconds} 秒）</translation>
    </message>
</context>
<context>
    <name>StartOverJob</name>
    <message>
        <location filename="../../services/start_over.py" line="+115"/>
        <source>Moved {count} revision file(s) to {archive}</source>
        <translation>已将 {count} 个版本文件移到 {archive}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Wrote the new base revision {revision}: {path}</source>
        <translation>已写入新的初始版本 {revision}：{path}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Start over stopped, and versions/ was put back as it was: {error}</source>
        <translation>重新开始已中止，versions/ 已恢复原状：{error}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The runner wrote no base revision.</source>
        <translation>执行进程没有写入初始版本。</translation>
    </message>
</context>
<context>
    <name>TerminateSessionJob</name>
    <message>
        <location filename="../../services/lock_watch.py" line="+85"/>
        <source>Sessions of {dialect} cannot be ended.</source>
        <translation>无法结束 {dialect} 的会话。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sessions of this database cannot be ended.</source>
        <translation>无法结束此数据库的会话。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Terminating session {session} on {database} ...</source>
        <translation>正在终止 {database} 上的会话 {session}…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancelling session {session} on {database} ...</source>
        <translation>正在取消 {database} 上会话 {session} 的语句…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot reach {database}: {reason}</source>
        <translation>无法连接到 {database}：{reason}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Session {session} was not found: it has ended already.</source>
        <translation>未找到会话 {session}：它已经结束。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Terminated session {session}.</source>
        <translation>已终止会话 {session}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelled the running statement of session {session}.</source>
        <translation>已取消会话 {session} 正在执行的语句。</translation>
    </message>
</context>
<context>
    <name>TestConnectionJob</name>
    <message>
        <location filename="../../services/connection.py" line="+66"/>
        <source>no alembic_version table yet</source>
        <translation>尚无 alembic_version 表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>alembic_version is empty</source>
        <translation>alembic_version 为空</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>alembic_version at {revisions}</source>
        <translation>alembic_version 的版本为 {revisions}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connected: {server}, {latency} ms; {version_table}.</source>
        <translation>已连接：{server}，{latency} 毫秒；{version_table}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{summary} {note}</source>
        <translation>{summary}{note}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>the password (or user name) has characters the pymysql driver cannot send: it encodes them as {encoding}; change the password on the server to one in that character set</source>
        <translation>密码（或用户名）包含 pymysql 驱动程序无法发送的字符：它以 {encoding} 编码这些字符；请在服务器上将密码改为该字符集内的字符</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>timed out after {duration}</source>
        <translation>{duration}后超时</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>could not connect to {server}: connection refused</source>
        <translation>无法连接到 {server}：连接被拒绝</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>could not connect to {server}: {reason}</source>
        <translation>无法连接到 {server}：{reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file} is not a SQLite database</source>
        <translation>{file} 不是 SQLite 数据库</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>cannot open the SQLite file {file}</source>
        <translation>无法打开 SQLite 文件 {file}</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The file does not exist yet: it will be created by the first upgrade.</source>
        <translation>该文件尚不存在：首次升级时将创建它。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>&apos;{name}&apos; ({url})</source>
        <translation>“{name}”（{url}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&apos;{name}&apos;</source>
        <translation>“{name}”</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot test {profile}: {problems}</source>
        <translation>无法测试 {profile}：{problems}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Test of {profile} cancelled.</source>
        <translation>已取消对 {profile} 的测试。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot connect to {profile}: timed out after {duration}.</source>
        <translation>无法连接到 {profile}：{duration}后超时。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cannot connect to {profile}: {reason}.</source>
        <translation>无法连接到 {profile}：{reason}。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Testing {url} ...</source>
        <translation>正在测试 {url}…</translation>
    </message>
</context>
<context>
    <name>Urls</name>
    <message>
        <location filename="../../core/urls.py" line="+46"/>
        <source>Enter a database URL, e.g. sqlite:///app.db or postgresql://user@host/db.</source>
        <translation>请输入数据库 URL，例如 sqlite:///app.db 或 postgresql://user@host/db。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&apos;{url}&apos; is not a database URL. The form is dialect+driver://user:password@host:port/database; special characters in the password (@ : / %) must be percent-encoded (@ is %40).</source>
        <translation>&apos;{url}&apos; 不是数据库 URL。格式为 dialect+driver://user:password@host:port/database；密码中的特殊字符（@ : / %）必须进行百分号编码（@ 写作 %40）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&apos;{url}&apos; has an &apos;@&apos; that is not percent-encoded: write @ in a password as %40 (and : as %3A, / as %2F).</source>
        <translation>&apos;{url}&apos; 中有未经百分号编码的 &apos;@&apos;：密码中的 @ 请写作 %40（: 写作 %3A，/ 写作 %2F）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&apos;{url}&apos; is alembic.ini&apos;s placeholder, not a database: enter the URL of the database to migrate.</source>
        <translation>&apos;{url}&apos; 是 alembic.ini 中的占位符，并不是数据库：请输入要迁移的数据库的 URL。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>(default)</source>
        <translation>默认数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{database} on {host}{port}</source>
        <translation>{host}{port} 上的 {database}</translation>
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
    <name>WriteRevisionJob</name>
    <message>
        <location filename="../../services/autogenerate.py" line="+50"/>
        <source>The runner finished without writing the revision.</source>
        <translation>执行进程已结束，但没有写入版本文件。</translation>
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
        <location filename="../../ui/revision_details_view.py" line="-330"/>
        <source>Revision details</source>
        <translation>版本详情</translation>
    </message>
</context>
</TS>
