//! Every string the UI shows, in one place.
//!
//! Static strings are looked up by [`Key`]; `index.html` names them in
//! `data-text` (text content) and `data-label` (aria-label) attributes, and a test
//! checks that every name used there exists. Messages with numbers in them are
//! functions below.

use crate::learning_rate::LearningRateError;
use crate::regime::Regime;
pub use crate::vocabulary::Language;
use crate::vocabulary::{Notice, Parameter, Part, Scene};

macro_rules! keys {
    ($($variant:ident = $name:literal => $english:literal, $chinese:literal;)*) => {
        /// A static UI string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($variant),* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$variant),*];

            /// The name used in `index.html`.
            pub fn name(self) -> &'static str {
                match self { $(Key::$variant => $name),* }
            }

            pub fn from_name(name: &str) -> Option<Key> {
                // A search over `name`, not a `match` on strings: the same answer in a
                // fraction of the code.
                Key::ALL.iter().copied().find(|key| key.name() == name)
            }
        }

        fn english(key: Key) -> &'static str {
            match key { $(Key::$variant => $english),* }
        }

        fn chinese(key: Key) -> &'static str {
            match key { $(Key::$variant => $chinese),* }
        }
    };
}

// The Chinese follows the post's vocabulary: 梯度, 学习率, 损失, 权值, 偏置, 反向传播, 梯度下降.
keys! {
    Title = "title" => "Gradient descent, step by step", "梯度下降，一步一步看";
    Subtitle = "subtitle" => "Follow the gradient of x² + y² downhill, then train one neuron by backpropagation.", "先沿着 x² + y² 的梯度一步步下山，再用反向传播训练一个神经元。";
    Scenes = "scenes" => "Scenes", "场景";
    TabField = "tab_field" => "Gradient field", "梯度场";
    TabNeuron = "tab_neuron" => "One neuron", "单个神经元";
    Play = "play" => "Play", "播放";
    Pause = "pause" => "Pause", "暂停";
    StepButton = "step_button" => "Step", "单步";
    Reset = "reset" => "Reset", "重置";
    Randomize = "randomize" => "Randomize", "随机初始化";
    Controls = "controls" => "Controls", "控制";
    LearningRate = "learning_rate" => "Learning rate", "学习率";
    LearningRateValue = "learning_rate_value" => "Learning rate value", "学习率数值";
    Speed = "speed" => "Speed", "速度";
    SpeedOnePerSecond = "speed_1s" => "1 step per second", "每秒 1 步";
    SpeedFourPerSecond = "speed_4s" => "4 steps per second", "每秒 4 步";
    Speed1 = "speed_1" => "1 step per frame", "每帧 1 步";
    Speed10 = "speed_10" => "10 steps per frame", "每帧 10 步";
    Speed100 = "speed_100" => "100 steps per frame", "每帧 100 步";
    Speed1000 = "speed_1000" => "1000 steps per frame", "每帧 1000 步";
    LossHeading = "loss_heading" => "Loss per step", "每一步的损失";
    LogScale = "log_scale" => "Logarithmic scale", "对数坐标";
    LossCanvas = "loss_canvas" => "Line chart of the loss of the current scene at every step so far.", "折线图：当前场景到目前为止每一步的损失。";
    AxisStep = "axis_step" => "step", "步数";
    AxisLoss = "axis_loss" => "loss", "损失";
    FieldIntro = "field_intro" => "f(x, y) = x² + y². Its gradient ∇f = (2x, 2y) points uphill, so each step moves by −α·∇f.", "f(x, y) = x² + y²。梯度 ∇f = (2x, 2y) 指向函数值增大最快的方向，所以每一步都沿 −α·∇f 移动。";
    FieldCanvas = "field_canvas" => "Heatmap of f(x, y) = x² + y² over −4 … 4 with circular contour lines, gradient arrows pointing away from the minimum at (0, 0), the current point, its gradient, its next step and its path.", "f(x, y) = x² + y² 在 −4 … 4 范围内的热力图：圆形等高线，背离最小值 (0, 0) 的梯度箭头，当前点及其梯度、下一步和走过的路径。";
    FieldHint = "field_hint" => "Click or tap the field to start from another point.", "点击或轻触图中任意位置，从那里重新开始。";
    LegendGradient = "legend_gradient" => "gradient ∇f (drawn at ⅛ length)", "梯度 ∇f（按 ⅛ 长度绘制）";
    LegendStep = "legend_step" => "next step −α·∇f", "下一步 −α·∇f";
    LegendPath = "legend_path" => "path so far", "已走过的路径";
    NeuronIntro = "neuron_intro" => "ŷ = x·w + b with x = [1 2 3] and target y = 1; loss C = (ŷ − y)². Each step: w := w − α·xᵀ·[2(ŷ − y)] and b := b − α·2(ŷ − y).", "ŷ = x·w + b，其中 x = [1 2 3]，目标值 y = 1；损失 C = (ŷ − y)²。每一步：w := w − α·xᵀ·[2(ŷ − y)]，b := b − α·2(ŷ − y)。";
    Step = "step" => "step", "步数";
    Prediction = "prediction" => "prediction", "预测值";
    Loss = "loss" => "loss", "损失";
    LastUpdate = "last_update" => "Last update", "最近一次更新";
    NoUpdateYet = "no_update_yet" => "Press Step to see one update: every weight moves against its gradient.", "点击“单步”查看一次更新：每个权值都沿其梯度的反方向移动。";
    Parameter = "parameter" => "Parameter", "参数";
    Before = "before" => "Before", "更新前";
    Gradient = "gradient" => "Gradient ∂C/∂·", "梯度 ∂C/∂·";
    After = "after" => "After", "更新后";
    RunLog = "run_log" => "Run log", "运行日志";
    LogStep = "log_step" => "Step", "步";
    LogPrediction = "log_prediction" => "Prediction", "预测结果";
    LogAfter = "log_after" => "After the step", "梯度下降之后";
    LogTarget = "log_target" => "Target", "真实回归值";
    LogLoss = "log_loss" => "Loss of that prediction", "该预测值的损失";
    Dismiss = "dismiss" => "Dismiss", "关闭";
    ErrorTitle = "error_title" => "Something went wrong and the app stopped.", "出错了，应用已停止运行。";
    Reload = "reload" => "Reload", "重新加载";
    OtherLanguage = "other_language" => "中文", "English";
    OtherLanguageLabel = "other_language_label" => "切换到中文", "Switch to English";
    CopyLink = "copy_link" => "Copy link", "复制链接";
    ShareLink = "share_link" => "Link to this view", "当前视图的链接";
    LinkCopied = "link_copied" => "Link copied.", "链接已复制。";
    CopyFailed = "copy_failed" => "Copying is not allowed here; select the link and copy it.", "此处无法自动复制，请选中链接后手动复制。";
    CsvCopied = "csv_copied" => "CSV copied.", "CSV 已复制。";
    CsvCopyFailed = "csv_copy_failed" => "Copying is not allowed here; use Download CSV instead.", "此处无法自动复制，请改用“下载 CSV”。";
    DownloadFailed = "download_failed" => "The browser did not save the file; use Copy CSV instead.", "浏览器没有保存文件，请改用“复制 CSV”。";
    DownloadCsv = "download_csv" => "Download CSV", "下载 CSV";
    CopyCsv = "copy_csv" => "Copy CSV", "复制 CSV";
    Back = "back" => "Back", "后退";
    ShownStep = "shown_step" => "Step shown", "显示的步数";
    History = "history" => "History", "历史";
    GraphHeading = "graph_heading" => "Computational graph", "计算图";
    GraphHint = "graph_hint" => "Each box shows its value from the forward pass (=) and its gradient from the backward pass (∂C/∂…); each arrow carries its local derivative, and the orange arrows carry the gradient back. Weights and bias show their value after the update (→). Point at or focus a quantity to find it in the equations, the table and the readouts.", "每个方框显示前向计算的值（=）和反向传播得到的梯度（∂C/∂…）；每条箭头标出局部导数，橙色箭头表示梯度反向传回。权值和偏置还显示更新后的值（→）。指向或聚焦某个量，即可在公式、表格和读数中找到它。";
    EquationsHeading = "equations_heading" => "The post's equations with this step's numbers", "原文公式，代入这一步的数值";
    EquationsHint = "equations_hint" => "Before the first step this shows the step that Step will take.", "在第一步之前，这里显示点击“单步”将要进行的那一步。";
    OpenFullApp = "open_full_app" => "Open the full app", "打开完整应用";
    Main = "main" => "Gradient descent lesson", "梯度下降演示";
    CurvatureField = "curvature_field" => "κ = 2 is the curvature here: the second derivative of x² + y² in every direction.", "这里 κ = 2 是曲率：x² + y² 在每个方向上的二阶导数。";
    CurvatureNeuron = "curvature_neuron" => "κ = 30 is the curvature here: C bends by 2(|x|² + 1) = 30 along the gradient.", "这里 κ = 30 是曲率：C 沿梯度方向的弯曲程度为 2(|x|² + 1) = 30。";
    PostStart = "post_start" => "The post's start", "原文的起点";
    PostNote = "post_note" => "The post's own run: highlighted digits match what the post printed. The loss differs from its 7th decimal on, because the post printed its random start to 8 decimals only.", "原文的那次运行：高亮的数字与原文打印的一致。损失从小数点后第 7 位起不同，因为原文的随机起点只打印了 8 位小数。";
    LogSlider = "log_slider" => "logarithmic scale", "对数刻度";
    OffPlot = "off_plot" => "The point has left the picture; it is at", "该点已移出图外，位于";
    SubSteps = "sub_steps" => "One Step, node by node", "把一步拆开，逐个节点看";
    SubStepNext = "sub_step_next" => "Next node", "下一个节点";
    SubStepBack = "sub_step_back" => "Previous node", "上一个节点";
    SubStepIdle = "sub_step_idle" => "Walk the Step shown node by node: forward, backward, update.", "逐个节点走一遍这一步：前向、反向、更新。";
    PhaseForward = "phase_forward" => "Forward pass", "前向传播";
    PhaseBackward = "phase_backward" => "Backward pass", "反向传播";
    PhaseUpdate = "phase_update" => "Update", "参数更新";
}

/// Which panel a step caption labels: every panel says which step it shows and
/// whether its numbers are from before or after that step's update.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caption {
    /// The readouts: the state after the step shown.
    Readouts,
    /// The update table: that step's values before and after.
    Update,
    /// The graph and the equations: that step's numbers before the update, and after.
    Explain,
}

impl Caption {
    pub const ALL: [Caption; 3] = [Caption::Readouts, Caption::Update, Caption::Explain];

    /// The value of the page's `data-step-caption` attribute.
    pub fn key(self) -> &'static str {
        match self {
            Caption::Readouts => "readouts",
            Caption::Update => "update",
            Caption::Explain => "explain",
        }
    }
}

impl Language {
    /// Writes a panel's step caption into `out` (a kept buffer: a frame of play that
    /// rewrites captions allocates nothing).
    pub fn write_caption(self, caption: Caption, step: u64, out: &mut String) {
        use std::fmt::Write;
        // Writing to a `String` cannot fail.
        let _ = match (self, caption, step) {
            (Language::English, Caption::Readouts, 0) => write!(out, "At the start (step 0)"),
            (Language::English, Caption::Readouts, _) => write!(out, "After step {step}"),
            (Language::English, Caption::Update, _) => {
                write!(out, "Step {step}: each value before the update, its gradient, and after")
            }
            (Language::English, Caption::Explain, 0) => write!(
                out,
                "Step 1, the one Step will take: numbers at the start, and after the update (:= and →)"
            ),
            (Language::English, Caption::Explain, _) => write!(
                out,
                "Step {step}: the numbers before this step's update, and after it (:= and →)"
            ),
            (Language::Chinese, Caption::Readouts, 0) => write!(out, "起点（第 0 步）"),
            (Language::Chinese, Caption::Readouts, _) => write!(out, "第 {step} 步之后"),
            (Language::Chinese, Caption::Update, _) => {
                write!(out, "第 {step} 步：每个量更新前的值、梯度和更新后的值")
            }
            (Language::Chinese, Caption::Explain, 0) => write!(
                out,
                "第 1 步（点击“单步”将进行的一步）：起点的数值，以及更新后的值（:= 和 →）"
            ),
            (Language::Chinese, Caption::Explain, _) => write!(
                out,
                "第 {step} 步：这一步更新前的数值，以及更新后的值（:= 和 →）"
            ),
        };
    }

    pub fn text(self, key: Key) -> &'static str {
        match self {
            Language::English => english(key),
            Language::Chinese => chinese(key),
        }
    }

    /// Why the run paused after a step that would have diverged.
    pub fn divergence(self, learning_rate: &str) -> String {
        match self {
            Language::English => format!(
                "The learning rate α = {learning_rate} is too large: the next step would push the values past a million, so the run is paused. Lower the learning rate or press Reset."
            ),
            Language::Chinese => format!(
                "学习率 α = {learning_rate} 太大了：下一步会让数值超过一百万，所以已暂停。请调小学习率，或点击“重置”。"
            ),
        }
    }

    pub fn learning_rate_error(self, error: &LearningRateError) -> &'static str {
        match (self, error) {
            (Language::English, LearningRateError::NotANumber) => {
                "That is not a number. Type a learning rate such as 0.01; it was not changed."
            }
            (Language::English, LearningRateError::OutOfRange) => {
                "The learning rate must be between 0.0001 and 1.5; it was not changed."
            }
            (Language::Chinese, LearningRateError::NotANumber) => {
                "这不是一个数字。请输入学习率，例如 0.01；学习率没有改变。"
            }
            (Language::Chinese, LearningRateError::OutOfRange) => {
                "学习率必须在 0.0001 到 1.5 之间；学习率没有改变。"
            }
        }
    }

    /// What a URL parameter accepts.
    pub fn accepted(self, parameter: Parameter) -> String {
        let parts = Part::ALL.map(Part::key).join(", ");
        let scenes = Scene::ALL.map(Scene::key).join(", ");
        match (self, parameter) {
            (Language::English, Parameter::Scene) => format!("one of: {scenes}"),
            (Language::English, Parameter::LearningRate) => "a number from 0.0001 to 1.5".into(),
            (Language::English, Parameter::X | Parameter::Y) => "a number from −4 to 4".into(),
            (Language::English, Parameter::Weights) => {
                "three numbers from −100 to 100, separated by commas".into()
            }
            (Language::English, Parameter::Bias) => "a number from −100 to 100".into(),
            (Language::English, Parameter::Speed) => {
                "1/s or 4/s (steps per second), 1, 10, 100 or 1000 (steps per frame)".into()
            }
            (Language::English, Parameter::Scale) => "“linear” or “log”".into(),
            (Language::English, Parameter::Language) => "“zh” or “en”".into(),
            (Language::English, Parameter::Embed) => "“1” or “0”".into(),
            (Language::English, Parameter::Hide | Parameter::Show) => {
                format!("names from: {parts}")
            }
            (Language::Chinese, Parameter::Scene) => format!("以下之一：{scenes}"),
            (Language::Chinese, Parameter::LearningRate) => "0.0001 到 1.5 之间的数".into(),
            (Language::Chinese, Parameter::X | Parameter::Y) => "−4 到 4 之间的数".into(),
            (Language::Chinese, Parameter::Weights) => {
                "用逗号分隔的三个 −100 到 100 之间的数".into()
            }
            (Language::Chinese, Parameter::Bias) => "−100 到 100 之间的数".into(),
            (Language::Chinese, Parameter::Speed) => {
                "1/s 或 4/s（每秒步数），1、10、100 或 1000（每帧步数）".into()
            }
            (Language::Chinese, Parameter::Scale) => "“linear” 或 “log”".into(),
            (Language::Chinese, Parameter::Language) => "“zh” 或 “en”".into(),
            (Language::Chinese, Parameter::Embed) => "“1” 或 “0”".into(),
            (Language::Chinese, Parameter::Hide | Parameter::Show) => {
                format!("以下名称：{parts}")
            }
        }
    }

    pub fn notice(self, notice: &Notice) -> String {
        let known = Parameter::ALL.map(Parameter::key).join(", ");
        match (self, notice) {
            (Language::English, Notice::Invalid(parameter)) => format!(
                "Ignored “{}” in the link: it accepts {}.",
                parameter.key(),
                self.accepted(*parameter)
            ),
            (Language::English, Notice::Unknown(name)) => {
                format!("Ignored unknown parameter “{name}” in the link; the app reads {known}.")
            }
            (Language::Chinese, Notice::Invalid(parameter)) => format!(
                "已忽略链接中的 “{}”：它接受{}。",
                parameter.key(),
                self.accepted(*parameter)
            ),
            (Language::Chinese, Notice::Unknown(name)) => {
                format!("已忽略链接中的未知参数 “{name}”；本应用读取 {known}。")
            }
        }
    }

    /// What repeated steps with this learning rate do; `factor` is 1 − κα and
    /// `one_step`, `bounce` are 1/κ and 2/κ as fractions (½ and 1 on the field).
    pub fn regime(self, regime: Regime, factor: &str, one_step: &str, bounce: &str) -> String {
        match (self, regime) {
            (Language::English, Regime::Monotonic) => format!(
                "α < {one_step}: converges steadily; each step multiplies the distance to the minimum by 1 − κα = {factor}."
            ),
            (Language::English, Regime::OneStep) => {
                format!("α = {one_step}: lands on the minimum in a single step (1 − κα = 0).")
            }
            (Language::English, Regime::Oscillating) => format!(
                "{one_step} < α < {bounce}: converges while oscillating; each step overshoots to the other side (1 − κα = {factor})."
            ),
            (Language::English, Regime::Bouncing) => {
                format!("α = {bounce}: oscillates forever between two points (1 − κα = −1).")
            }
            (Language::English, Regime::Diverging) => format!(
                "α > {bounce}: diverges; every step lands farther from the minimum (1 − κα = {factor})."
            ),
            (Language::Chinese, Regime::Monotonic) => format!(
                "α < {one_step}：单调收敛，每一步把到最小值的距离乘以 1 − κα = {factor}。"
            ),
            (Language::Chinese, Regime::OneStep) => {
                format!("α = {one_step}：一步就落到最小值（1 − κα = 0）。")
            }
            (Language::Chinese, Regime::Oscillating) => format!(
                "{one_step} < α < {bounce}：振荡着收敛，每一步都越过最小值到另一侧（1 − κα = {factor}）。"
            ),
            (Language::Chinese, Regime::Bouncing) => {
                format!("α = {bounce}：在两点之间永远来回振荡（1 − κα = −1）。")
            }
            (Language::Chinese, Regime::Diverging) => format!(
                "α > {bounce}：发散，每一步都离最小值更远（1 − κα = {factor}）。"
            ),
        }
    }

    /// Why Play paused by itself: the last step changed nothing a reader can see.
    pub fn convergence(self, step: u64) -> String {
        match self {
            Language::English => format!(
                "Converged: step {step} changed no number shown by more than one part in 10¹⁰, so Play paused."
            ),
            Language::Chinese => {
                format!("已收敛：第 {step} 步对所显示的数字的改变都不到 10⁻¹⁰，所以自动暂停。")
            }
        }
    }

    /// What the screen-reader live region says about the run.
    pub fn announcement(self, step: u64, loss: &str) -> String {
        match self {
            Language::English => format!("Step {step}, loss {loss}"),
            Language::Chinese => format!("第 {step} 步，损失 {loss}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_chinese(text: &str) -> bool {
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_string_exists_in_both_languages() {
        for key in Key::ALL {
            assert_eq!(Key::from_name(key.name()), Some(*key));
            let (english, chinese) = (Language::English.text(*key), Language::Chinese.text(*key));
            assert!(!english.is_empty() && !chinese.is_empty(), "{key:?}");
            // Each language names the other in that other's script, so a switch is readable.
            if matches!(key, Key::OtherLanguage | Key::OtherLanguageLabel) {
                continue;
            }
            assert!(
                !has_chinese(english),
                "English text of {key:?} has Chinese: {english}"
            );
            assert!(
                has_chinese(chinese),
                "Chinese text of {key:?} is untranslated: {chinese}"
            );
        }
        for language in [Language::English, Language::Chinese] {
            for parameter in Parameter::ALL {
                let notice = language.notice(&Notice::Invalid(parameter));
                assert!(notice.contains(parameter.key()));
                assert_eq!(
                    has_chinese(&notice),
                    language == Language::Chinese,
                    "{notice}"
                );
            }
            for error in [LearningRateError::NotANumber, LearningRateError::OutOfRange] {
                let message = language.learning_rate_error(&error);
                assert_eq!(
                    has_chinese(message),
                    language == Language::Chinese,
                    "{message}"
                );
            }
            assert_eq!(
                has_chinese(&language.divergence("1.5")),
                language == Language::Chinese
            );
            assert_eq!(
                has_chinese(&language.announcement(3, "0.5")),
                language == Language::Chinese
            );
        }
    }

    #[test]
    fn browser_languages() {
        assert_eq!(Language::for_browser(["zh-CN", "en"]), Language::Chinese);
        assert_eq!(Language::for_browser(["fr-FR", "zh-TW"]), Language::Chinese);
        assert_eq!(Language::for_browser(["en-US", "zh"]), Language::English);
        assert_eq!(Language::for_browser(["de"]), Language::English);
        assert_eq!(Language::from_code("ZH_hans"), Some(Language::Chinese));
        assert_eq!(Language::from_code(""), None);
    }

    #[test]
    fn index_html_uses_only_known_names() {
        let html = include_str!("../index.html");
        let mut used = 0;
        for attribute in ["data-text=\"", "data-label=\""] {
            for (index, _) in html.match_indices(attribute) {
                let rest = &html[index + attribute.len()..];
                let name = &rest[..rest.find('"').expect("attribute is closed")];
                assert!(Key::from_name(name).is_some(), "unknown text name {name}");
                used += 1;
            }
        }
        assert!(used > 20, "index.html names only {used} strings");
    }

    #[test]
    fn notices_name_the_parameter_and_what_it_accepts() {
        let text = Language::English.notice(&Notice::Invalid(Parameter::LearningRate));
        assert!(text.contains("“lr”") && text.contains("0.0001 to 1.5"));
    }
}
