//! Every string the UI shows, in one place.
//!
//! Static strings are looked up by [`Key`]; `index.html` names them in
//! `data-text` (text content) and `data-label` (aria-label) attributes, and a test
//! checks that every name used there exists. Messages with numbers in them are
//! functions below.

use crate::expression::{Failure, ParseError, ParseErrorKind};
use crate::learning_rate::LearningRateError;
use crate::regime::Regime;
pub use crate::vocabulary::Language;
use crate::vocabulary::{ChallengeGoal, ChallengeStatus, Notice, Parameter, Part, Scene};

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
    Subtitle = "subtitle" => "Follow the gradient of x² + y² downhill, train one neuron by backpropagation, then a sigmoid layer and a hidden layer.", "先沿着 x² + y² 的梯度一步步下山，用反向传播训练一个神经元，再训练一个 sigmoid 层和一个隐藏层。";
    Scenes = "scenes" => "Scenes", "场景";
    TabField = "tab_field" => "Gradient field", "梯度场";
    TabNeuron = "tab_neuron" => "One neuron", "单个神经元";
    TabLayer = "tab_layer" => "Sigmoid layer", "Sigmoid 层";
    TabNetwork = "tab_network" => "Hidden layer", "隐藏层";
    TabOptimizers = "tab_optimizers" => "Optimizers", "优化器";
    OptimizersIntro = "optimizers_intro" => "On x² + y² every direction curves the same, so plain gradient descent walks straight down. On a stretched valley it cannot: a learning rate small enough for the steep direction creeps along the flat one. Here the optimizers race from one start with one learning rate, one step each per Step. Momentum piles up past gradients, so it runs along the valley, though with μ = 0.9 it also swings across it; RMSprop and Adam divide each step by the gradient's running size, so every coordinate moves about α per step whatever the curvature: at a rate chosen for gradient descent they are slow, and at α = 0.1, where gradient descent diverges, they still converge. The equations are torch.optim's rules with the learning rate written α, as on the slider; RMSprop's smoothing constant, which PyTorch calls alpha, is written ρ.", "在 x² + y² 上各个方向弯曲程度相同，普通梯度下降会径直走向最低点。在被拉长的山谷里却不行：对陡峭方向足够小的学习率，在平缓方向上只能缓慢爬行。这里各个优化器从同一起点、用同一个学习率比赛，每点一次“单步”各走一步。动量法累积过去的梯度，所以能沿着山谷快速前进，但 μ = 0.9 时也会在山谷两侧来回摆动；RMSprop 和 Adam 用梯度的滑动平均大小去除每一步，所以无论曲率如何，每个坐标每步大约移动 α：在为梯度下降选定的学习率下它们很慢，而在 α = 0.1 时梯度下降发散，它们仍能收敛。公式采用 torch.optim 的更新规则，学习率与滑块一致记作 α；RMSprop 的平滑常数（PyTorch 中叫 alpha）记作 ρ。";
    SurfaceLabel = "surface_label" => "Surface", "曲面";
    SurfaceBowl = "surface_bowl" => "Bowl x² + y² (the post's)", "碗形 x² + y²（原文）";
    SurfaceStretched = "surface_stretched" => "Stretched bowl x² + κ·y²", "拉长的碗 x² + κ·y²";
    SurfaceRosenbrock = "surface_rosenbrock" => "Rosenbrock (1 − x)² + 100·(y − x²)²", "Rosenbrock 函数 (1 − x)² + 100·(y − x²)²";
    SurfaceSaddle = "surface_saddle" => "Saddle x² − y²", "鞍面 x² − y²";
    SurfaceHimmelblau = "surface_himmelblau" => "Himmelblau (x² + y − 11)² + (x + y² − 7)²", "Himmelblau 函数 (x² + y − 11)² + (x + y² − 7)²";
    KappaLabel = "kappa_label" => "κ (how much steeper y is than x)", "κ（y 方向比 x 方向陡多少倍）";
    OptimizersLabel = "optimizers_label" => "Optimizers", "优化器";
    MomentumLabel = "momentum_label" => "Momentum μ", "动量 μ";
    Beta1Label = "beta1_label" => "Adam β₁", "Adam 的 β₁";
    Beta2Label = "beta2_label" => "Adam β₂", "Adam 的 β₂";
    RaceCanvas = "race_canvas" => "Heatmap of the chosen surface with contour lines, its minima, and the path of every selected optimizer in its own colour.", "所选曲面的热力图：等高线、最小值点，以及每个所选优化器用各自颜色画出的路径。";
    RaceHint = "race_hint" => "Click or tap the surface to start every optimizer from there.", "点击或轻触曲面，让所有优化器从那里重新出发。";
    RaceTable = "race_table" => "Every optimizer after the step shown", "显示的这一步之后每个优化器的位置";
    Optimizer = "optimizer" => "Optimizer", "优化器";
    Status = "status" => "Status", "状态";
    Running = "running" => "running", "运行中";
    BestRate = "best_rate" => "best", "最佳";
    SurfaceCustom = "surface_custom" => "Your formula f(x, y)", "自定义公式 f(x, y)";
    FormulaLabel = "formula_label" => "Formula", "公式";
    FormulaHint = "formula_hint" => "In x and y, with + − * / ^, parentheses, pi, e and sin cos tan exp log sqrt abs tanh sigmoid relu; write 2*x, not 2x. Enter applies it.", "用 x 和 y 书写，可用 + − * / ^、括号、pi、e 以及 sin cos tan exp log sqrt abs tanh sigmoid relu；乘号不能省略：写 2*x，不要写 2x。按回车应用。";
    Undefined = "undefined" => "undefined", "无定义";
    Nodes = "nodes" => "nodes", "个节点";
    FormulaGraphHeading = "formula_graph_heading" => "Your formula's computational graph at the first optimizer's point", "你的公式在第一个优化器所在点的计算图";
    FormulaGraphHint = "formula_graph_hint" => "Each box is one operation with its value (=) and, from the backward pass, ∂f/∂· (the derivative of f with respect to that box); each arrow carries its local derivative. The gradient ∂f/∂x, ∂f/∂y is what reaches x and y: the chain rule, run backwards over the formula.", "每个方框是一步运算，标出它的值（=）和反向传播得到的 ∂f/∂·（f 对这个方框的偏导）；每条箭头标出局部导数。到达 x 和 y 的就是梯度 ∂f/∂x、∂f/∂y：沿公式反向运行的链式法则。";
    RaceLeader = "race_leader" => "x, y, f and the gradient of the first optimizer ticked:", "下面的 x、y、f 和梯度属于第一个勾选的优化器：";
    DivergedNote = "diverged_note" => "An optimizer whose next step would take its values past a million, or to where f is not defined, stops there; the others go on.", "如果某个优化器的下一步会让数值超过一百万，或走到 f 无定义的地方，它就停在那里；其他优化器继续。";
    CurvatureRace = "curvature_race" => "λ is an eigenvalue of the Hessian: the curvature along its direction (dashed on the quadratics; for x² + κ·y², 2 along x and 2κ along y).", "λ 是 Hessian 矩阵的特征值，即沿对应特征方向的曲率（二次曲面上画成虚线；对 x² + κ·y²，沿 x 为 2，沿 y 为 2κ）。";
    EquationsHeadingRace = "equations_heading_race" => "Each optimizer's update rule (as torch.optim documents it) with this step's numbers, (x, y) side by side", "每个优化器的更新规则（与 torch.optim 文档一致），代入这一步的数值，(x, y) 并列";
    LossHeadingRace = "loss_heading_race" => "f per step, one curve per optimizer", "每一步的 f，每个优化器一条曲线";
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
    LossHeadingField = "loss_heading_field" => "f(x, y) per step", "每一步的 f(x, y)";
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
    PathsHintLayer = "paths_hint_layer" => "The small graph follows sample 1, x⁽¹⁾\u{a0}=\u{a0}[1\u{a0}2\u{a0}3]: C⁽¹⁾ is its part of C, and the strong path carries its share of ∂C/∂w₁₁; the sum above adds sample 2's share.", "小图只画第 1 个样本 x⁽¹⁾\u{a0}=\u{a0}[1\u{a0}2\u{a0}3]：C⁽¹⁾ 是它在 C 中的那一部分，粗线路径是它对 ∂C/∂w₁₁ 的贡献；上方的和式再加上第 2 个样本的贡献。";
    PathsHintNetwork = "paths_hint_network" => "The small graph follows sample 1, x⁽¹⁾\u{a0}=\u{a0}[1\u{a0}2\u{a0}3]: C⁽¹⁾ is its part of C; hidden unit 1 reaches it along two paths, and their sum is δ¹₁.", "小图只画第 1 个样本 x⁽¹⁾\u{a0}=\u{a0}[1\u{a0}2\u{a0}3]：C⁽¹⁾ 是它在 C 中的那一部分；隐藏单元 1 经两条路径影响它，两条路径之和就是 δ¹₁。";
    LayerIntro = "layer_intro" => "Part 2: two samples at once, x = [[1 2 3], [3 2 1]] with targets y = [[1 0], [0 1]]; ŷ = g(x·w + b) with the sigmoid g(a) = 1/(1 + e⁻ᵃ); cost C = Σ(ŷ − y)² over both samples and outputs. Each step: w := w − α·xᵀ·[g′(a) ⊙ 2(ŷ − y)].", "第二篇：两个样本一起计算，x = [[1 2 3], [3 2 1]]，目标 y = [[1 0], [0 1]]；ŷ = g(x·w + b)，g(a) = 1/(1 + e⁻ᵃ) 是 sigmoid；代价 C = Σ(ŷ − y)²，对两个样本、两个输出求和。每一步：w := w − α·xᵀ·[g′(a) ⊙ 2(ŷ − y)]。";
    NetworkIntro = "network_intro" => "Part 3: a hidden layer of three sigmoid units between the same x and y: z⁰ = a⁰·ω⁰ + b⁰ with a⁰ = x, a¹ = g(z⁰), z¹ = a¹·ω¹ + b¹, ŷ = a² = g(z¹). Backward: δ² = 2(a² − y), δ¹ = (g′(z¹) ⊙ δ²)·(ω¹)ᵀ; a hidden unit reaches C through every output, so its δ is the sum over those paths. The weights start at random (the link keeps them).", "第三篇：在同样的 x 和 y 之间加入三个 sigmoid 单元的隐藏层：z⁰ = a⁰·ω⁰ + b⁰（a⁰ = x），a¹ = g(z⁰)，z¹ = a¹·ω¹ + b¹，ŷ = a² = g(z¹)。反向：δ² = 2(a² − y)，δ¹ = (g′(z¹) ⊙ δ²)·(ω¹)ᵀ；隐藏单元经由每一个输出影响 C，所以它的 δ 是各条路径之和。权值随机初始化（分享链接会保留它们）。";
    BiasGradientLabel = "bias_gradient" => "Bias gradient over the samples", "偏置梯度（对样本）";
    BiasMean = "bias_mean" => "mean, as in the post's code", "取平均（原文代码）";
    BiasSum = "bias_sum" => "sum, as the chain rule says", "求和（链式法则）";
    BiasNote = "bias_note" => "The post's code sums the weights' gradient over the two samples but averages the biases' gradient: the mean is half the sum, so the biases take half-size steps. Both descend to the same kind of fit, along slightly different paths.", "原文代码对权值梯度按两个样本求和，对偏置梯度却取平均：平均值是和的一半，所以偏置每步只走一半。两种方式都会收敛，只是路径略有不同。";
    Matrices = "matrices" => "Weights and biases, and the gradient at them (the next Step uses it)", "权值、偏置，以及此处的梯度（下一步会用到）";
    Predictions = "predictions" => "Predictions ŷ (one row per sample)", "预测值 ŷ（每行一个样本）";
    LogBefore = "log_before" => "ŷ before the step", "这一步之前的 ŷ";
    LogAfterMatrix = "log_after_matrix" => "ŷ after the step", "这一步之后的 ŷ";
    LogCost = "log_cost" => "Cost C after the step", "这一步之后的代价 C";
    Step = "step" => "step", "步数";
    Prediction = "prediction" => "prediction", "预测值";
    Loss = "loss" => "loss", "损失";
    LastUpdate = "last_update" => "Last update", "最近一次更新";
    NoUpdateYet = "no_update_yet" => "Press Step to see one update: every weight moves against its gradient.", "点击“单步”查看一次更新：每个权值都沿其梯度的反方向移动。";
    Parameter = "parameter" => "Parameter", "参数";
    Before = "before" => "Before", "更新前";
    // A word joiner after the slash: the symbol wraps as one piece, after "Gradient".
    Gradient = "gradient" => "Gradient ∂C/\u{2060}∂(parameter)", "梯度 ∂C/\u{2060}∂(参数)";
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
    GraphScrollHint = "graph_scroll_hint" => "The graph is wider than this screen: swipe it sideways to see ŷ, e and C.", "计算图比屏幕宽：左右滑动可看到 ŷ、e 和 C。";
    GraphHint = "graph_hint" => "Each box shows its value from the forward pass (=) and its gradient from the backward pass (∂C/∂…); each arrow carries its local derivative, and the orange arrows carry the gradient back. Weights and bias show their value after the update (→). Point at or focus a quantity to find it in the equations, the table and the readouts.", "每个方框显示前向计算的值（=）和反向传播得到的梯度（∂C/∂…）；每条箭头标出局部导数，橙色箭头表示梯度反向传回。权值和偏置还显示更新后的值（→）。指向或聚焦某个量，即可在公式、表格和读数中找到它。";
    EquationsHeading = "equations_heading" => "The post's equations with this step's numbers", "原文公式，代入这一步的数值";
    OpenFullApp = "open_full_app" => "Open the full app", "打开完整应用";
    Main = "main" => "Gradient descent lesson", "梯度下降演示";
    CurvatureField = "curvature_field" => "κ = 2 is the curvature here: the second derivative of x² + y² in every direction.", "这里 κ = 2 是曲率：x² + y² 在每个方向上的二阶导数。";
    CurvatureNeuron = "curvature_neuron" => "κ = 30 is the curvature here: C bends by 2(|x|² + 1) = 30 along the gradient.", "这里 κ = 30 是曲率：C 沿梯度方向的弯曲程度为 2(|x|² + 1) = 30。";
    PostStart = "post_start" => "The post's start", "原文的起点";
    PostNote = "post_note" => "The post's own run: highlighted digits match what the post printed. The loss differs from its 7th decimal on, because the post printed its random start to 8 decimals only.", "原文的那次运行：高亮的数字与原文打印的一致。损失从小数点后第 7 位起不同，因为原文的随机起点只打印了 8 位小数。";
    LogSlider = "log_slider" => "(The α slider is logarithmic: each notch multiplies α by the same factor.)", "（α 滑块是对数刻度：每移动一格，α 乘以相同的倍数。）";
    Challenges = "challenges" => "Try it yourself", "动手试试";
    ChallengeLeave = "challenge_leave" => "Leave the challenge", "结束挑战";
    ChallengeRetry = "challenge_retry" => "Try again", "再试一次";
    ChallengeGuess = "challenge_guess" => "Your prediction", "你的预测";
    ChallengeFieldRate = "challenge_field_rate" => "From (1, 3), find an α that gets f below 0.01 within 3 steps.", "从 (1, 3) 出发，找一个学习率 α，使 f 在 3 步之内降到 0.01 以下。";
    ChallengeFieldRateTeaches = "challenge_field_rate_teaches" => "Each step multiplies the distance to the minimum by 1 − 2α: the closer α is to ½, the faster the point lands; past 1 it flies off.", "每一步都把到最小值的距离乘以 1 − 2α：α 越接近 ½，落得越快；超过 1 就会飞出去。";
    ChallengeFieldPredict = "challenge_field_predict" => "At α = 0.9, predict x after step 1 from (1, 3). Type it, then press Step.", "在 α = 0.9 时，预测从 (1, 3) 走完第 1 步后的 x。输入后点击“单步”。";
    ChallengeFieldPredictTeaches = "challenge_field_predict_teaches" => "Above α = ½ a step overshoots: x becomes (1 − 2α)·x = −0.8·x, on the other side of the minimum.", "当 α 大于 ½ 时，一步会走过头：x 变成 (1 − 2α)·x = −0.8·x，跑到最小值的另一侧。";
    ChallengeNeuronPredict = "challenge_neuron_predict" => "From the post's start, type the updated w₁ before pressing Step.", "从原文的起点出发，在点击“单步”之前输入更新后的 w₁。";
    ChallengeNeuronPredictTeaches = "challenge_neuron_predict_teaches" => "w₁ := w₁ − α·2(ŷ − y)·x₁: a weight moves by α times the loss's gradient times its own input.", "w₁ := w₁ − α·2(ŷ − y)·x₁：每个权值移动的量是 α 乘以损失的梯度再乘以它自己的输入。";
    ChallengeNeuronRate = "challenge_neuron_rate" => "From the post's start, get C below 0.001 within 3 steps.", "从原文的起点出发，在 3 步之内让 C 降到 0.001 以下。";
    ChallengeNeuronRateTeaches = "challenge_neuron_rate_teaches" => "ŷ − y shrinks by 1 − 30α each step: α = 1/30 reaches the target in one step; past 1/15 it diverges.", "ŷ − y 每一步缩小为原来的 1 − 30α 倍：α = 1/30 一步就到达目标；超过 1/15 就会发散。";
    ChallengeLayerRate = "challenge_layer_rate" => "From the post's start, get C below 0.1 within 10 steps.", "从原文的起点出发，在 10 步之内让 C 降到 0.1 以下。";
    ChallengeLayerRateTeaches = "challenge_layer_rate_teaches" => "σ′ is at most ¼ and it multiplies every gradient here, so the gradients are small: the sigmoid layer takes an α of 0.5 to 1, far above the single neuron's 1/15.", "σ′ 最大只有 ¼，而这里每个梯度都要乘上它，所以梯度都很小：sigmoid 层能用 0.5 到 1 的 α，远大于单个神经元的 1/15。";
    ChallengeLayerPredict = "challenge_layer_predict" => "The bias gradient is now summed over the two samples (switched for you). Type b₁, the first entry of b, as it will be after step 1; then press Step.", "偏置梯度已切换为对两个样本求和。输入第 1 步之后的 b₁（b 的第一个分量），再点击“单步”。";
    ChallengeLayerPredictTeaches = "challenge_layer_predict_teaches" => "b₁ := b₁ − α·∂C/∂b₁. Summing the samples' δ instead of averaging them doubles ∂C/∂b₁, and with it the bias's step.", "b₁ := b₁ − α·∂C/∂b₁。把样本的 δ 求和而不是取平均，∂C/∂b₁ 就翻倍，偏置的一步也随之翻倍。";
    ChallengeNetworkRate = "challenge_network_rate" => "From small unequal weights (set for you), find an α that gets C below 0.1 within 60 steps.", "从一组小而不相等的权值出发（已为你设好），找一个 α，使 C 在 60 步之内降到 0.1 以下。";
    ChallengeNetworkRateTeaches = "challenge_network_rate_teaches" => "At first C sits on a plateau near 1 while the hidden units barely change; a larger α (1 to 1.5 here) crosses it in fewer steps.", "起初 C 停在 1 附近的平台上，隐藏单元几乎不变；α 越大（这里取 1 到 1.5），越快走出平台。";
    ChallengeNetworkPredict = "challenge_network_predict" => "Type the output bias b¹₁, the first entry of b¹, as it will be after step 1 (α = 0.1); then press Step.", "输入第 1 步之后的输出层偏置 b¹₁（b¹ 的第一个分量，α = 0.1），再点击“单步”。";
    ChallengeNetworkPredictTeaches = "challenge_network_predict_teaches" => "b¹₁ := b¹₁ − α·∂C/∂b¹₁, and ∂C/∂b¹₁ is δ², that is 2(ŷ − y)·σ′, averaged over the two samples.", "b¹₁ := b¹₁ − α·∂C/∂b¹₁，而 ∂C/∂b¹₁ 就是 δ² = 2(ŷ − y)·σ′ 在两个样本上的平均。";
    ChallengeRacePredict = "challenge_race_predict" => "On x² + 50·y² at α = 0.018, predict gradient descent's y after step 1 from (−3.5, 1.5). Type it, then press Step.", "在 x² + 50·y² 上取 α = 0.018，预测梯度下降从 (−3.5, 1.5) 走完第 1 步后的 y。输入后点击“单步”。";
    ChallengeRacePredictTeaches = "challenge_race_predict_teaches" => "Along the steep direction a step multiplies y by 1 − αλ = 1 − 0.018·100 = −0.8: y changes sign every step. That is the zig-zag.", "沿陡峭方向，每一步把 y 乘以 1 − αλ = 1 − 0.018·100 = −0.8：y 每一步都变号，这就是之字形。";
    ChallengeRaceMomentum = "challenge_race_momentum" => "Only momentum runs. Change α and μ until f falls below 0.01 within 30 steps (gradient descent needs about 90 even at its best α).", "只运行动量法。调整 α 和 μ，使 f 在 30 步之内降到 0.01 以下（梯度下降即使用最好的 α 也要大约 90 步）。";
    ChallengeRaceMomentumTeaches = "challenge_race_momentum_teaches" => "The best heavy ball has μ = ((√κ − 1)/(√κ + 1))² ≈ 0.57 and α = 4/(√λₘᵢₙ + √λₘₐₓ)² ≈ 0.03: it shrinks the error by about 0.75 a step, against 0.96 for gradient descent. μ = 0.9 keeps too much speed and swings.", "最好的重球法取 μ = ((√κ − 1)/(√κ + 1))² ≈ 0.57、α = 4/(√λₘᵢₙ + √λₘₐₓ)² ≈ 0.03：每一步把误差缩小到约 0.75 倍，而梯度下降只有 0.96 倍。μ = 0.9 保留的速度太多，会来回摆动。";
    OffPlot = "off_plot" => "The point has left the picture; it is at", "该点已移出图外，位于";
    SubSteps = "sub_steps" => "One Step, node by node", "把一步拆开，逐个节点看";
    SubStepNext = "sub_step_next" => "Next node", "下一个节点";
    SubStepBack = "sub_step_back" => "Previous node", "上一个节点";
    SubStepIdle = "sub_step_idle" => "Walk the Step shown node by node: forward, backward, update.", "逐个节点走一遍这一步：前向、反向、更新。";
    PhaseForward = "phase_forward" => "Forward pass", "前向传播";
    EquationReference = "equation_reference" => "eq.", "式";
    GradientOfData = "gradient_of_data" => "no update uses it: x and y are data", "没有更新用到它：x 和 y 是数据";
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
            (Language::English, Parameter::X | Parameter::Y) => "a number from −4 to 4 (−5 to 5 in the optimizer race, inside its surface)".into(),
            (Language::English, Parameter::Weights) => {
                "numbers from −100 to 100, separated by commas: three for the neuron, six for the sigmoid layer".into()
            }
            (Language::English, Parameter::Bias) => {
                "numbers from −100 to 100: one for the neuron, two for the sigmoid layer".into()
            }
            (Language::English, Parameter::HiddenWeights) => "nine numbers from −100 to 100, separated by commas".into(),
            (Language::English, Parameter::HiddenBias) => "three numbers from −100 to 100, separated by commas".into(),
            (Language::English, Parameter::OutputWeights) => "six numbers from −100 to 100, separated by commas".into(),
            (Language::English, Parameter::OutputBias) => "two numbers from −100 to 100, separated by commas".into(),
            (Language::English, Parameter::BiasGradient) => "“mean” or “sum”".into(),
            (Language::English, Parameter::Surface) => "one of: bowl, stretched, rosenbrock, saddle, himmelblau, custom".into(),
            (Language::English, Parameter::Formula) => "a formula in x and y such as x^2 + y^2 (at most 10 kB)".into(),
            (Language::English, Parameter::Kappa) => "a number from 1 to 100".into(),
            (Language::English, Parameter::Optimizers) => "names from: gd, momentum, nesterov, rmsprop, adam, separated by commas".into(),
            (Language::English, Parameter::Momentum | Parameter::Beta1 | Parameter::Beta2) => "a number from 0 to 0.9999".into(),
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
            (Language::Chinese, Parameter::X | Parameter::Y) => "−4 到 4 之间的数（优化器比赛中为 −5 到 5，且须在所选曲面范围内）".into(),
            (Language::Chinese, Parameter::Weights) => {
                "用逗号分隔的 −100 到 100 之间的数：单个神经元三个，Sigmoid 层六个".into()
            }
            (Language::Chinese, Parameter::Bias) => {
                "−100 到 100 之间的数：单个神经元一个，Sigmoid 层两个".into()
            }
            (Language::Chinese, Parameter::HiddenWeights) => "用逗号分隔的九个 −100 到 100 之间的数".into(),
            (Language::Chinese, Parameter::HiddenBias) => "用逗号分隔的三个 −100 到 100 之间的数".into(),
            (Language::Chinese, Parameter::OutputWeights) => "用逗号分隔的六个 −100 到 100 之间的数".into(),
            (Language::Chinese, Parameter::OutputBias) => "用逗号分隔的两个 −100 到 100 之间的数".into(),
            (Language::Chinese, Parameter::BiasGradient) => "“mean” 或 “sum”".into(),
            (Language::Chinese, Parameter::Surface) => "以下之一：bowl, stretched, rosenbrock, saddle, himmelblau, custom".into(),
            (Language::Chinese, Parameter::Formula) => "关于 x 和 y 的公式，例如 x^2 + y^2（最多 10 kB）".into(),
            (Language::Chinese, Parameter::Kappa) => "1 到 100 之间的数".into(),
            (Language::Chinese, Parameter::Optimizers) => "用逗号分隔的名称：gd, momentum, nesterov, rmsprop, adam".into(),
            (Language::Chinese, Parameter::Momentum | Parameter::Beta1 | Parameter::Beta2) => "0 到 0.9999 之间的数".into(),
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
                spaced(&self.accepted(*parameter))
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
    /// A race optimizer's status: running, or where it stopped and why (its values grew
    /// past the bound, or its step went where f is not defined).
    pub fn racer_status(self, diverged_at: Option<u64>, undefined: bool) -> String {
        match (self, diverged_at, undefined) {
            (_, None, _) => self.text(Key::Running).to_string(),
            (Language::English, Some(step), false) => format!("diverged at step {step}, stopped"),
            (Language::Chinese, Some(step), false) => format!("第 {step} 步发散，已停止"),
            (Language::English, Some(step), true) => {
                format!("step {step} went where f is undefined, stopped")
            }
            (Language::Chinese, Some(step), true) => {
                format!("第 {step} 步走进 f 无定义的区域，已停止")
            }
        }
    }

    /// After the race's sentence where the smaller curvature `lambda` is negative: why the
    /// track is struck through.
    pub fn track_escapes(self, lambda: &str) -> String {
        match self {
            Language::English => format!(
                " Along λ = {lambda} the distance grows at every α, so no rate converges here: the track's colours are struck through."
            ),
            Language::Chinese => format!(
                " 沿 λ = {lambda} 的方向，任何 α 都会让距离变大，所以这里没有能收敛的学习率：滑块下的色带因此划上了斜线。"
            ),
        }
    }

    /// After the race's leader's name, once it has stopped: its readouts are its last values.
    pub fn leader_stopped(self, step: u64) -> String {
        match self {
            Language::English => format!(" (stopped at step {step}: its last values)"),
            Language::Chinese => format!("（第 {step} 步已停止：以下是它最后的值）"),
        }
    }

    /// Whose point the formula's graph is evaluated at, and which step.
    pub fn graph_point(self, optimizer: &str, x: &str, y: &str, step: u64) -> String {
        match self {
            Language::English => format!("At {optimizer}'s point ({x}, {y}), after step {step}"),
            Language::Chinese => format!("在 {optimizer} 的点 ({x}, {y})，第 {step} 步之后"),
        }
    }

    /// What gradient descent does along each eigen-direction of the Hessian, `directions`
    /// holding (λ, 1 − αλ) for the flat and the steep one, and where it stops converging.
    pub fn race_directions(
        self,
        directions: [(&str, &str); 2],
        critical: Option<(&str, &str)>,
        here: bool,
        leader: &str,
    ) -> String {
        let [(flat, flat_factor), (steep, steep_factor)] = directions;
        let start = match (self, here) {
            (Language::English, true) => format!("Near {leader}'s point, "),
            (Language::English, false) => "On this surface ".to_string(),
            (Language::Chinese, true) => format!("在 {leader} 所在点附近，"),
            (Language::Chinese, false) => "在这个曲面上，".to_string(),
        };
        // Equal curvatures (a round bowl): no smaller and larger direction to tell apart.
        let mut text = match (self, flat == steep) {
            (Language::English, true) => format!(
                "{start}every direction curves the same (λ = {flat}): gradient descent multiplies the distance by 1 − αλ = {flat_factor} each step, straight towards the minimum. A factor below 0 flips sides every step; above 1 in size, the distance grows."
            ),
            (Language::Chinese, true) => format!(
                "{start}各个方向弯曲程度相同（λ = {flat}）：梯度下降每一步把距离乘以 1 − αλ = {flat_factor}，径直走向最小值。因子小于 0 时每一步都跳到另一侧；绝对值大于 1 时距离越来越大。"
            ),
            (Language::English, false) => format!(
                "{start}gradient descent multiplies the distance along the direction of the smaller curvature (λ = {flat}) by 1 − αλ = {flat_factor} each step, and along that of the larger (λ = {steep}) by 1 − αλ = {steep_factor}. A factor below 0 flips sides every step (the zig-zag); above 1 in size, the distance grows (a negative λ curves down: the point slides away)."
            ),
            (Language::Chinese, false) => format!(
                "{start}梯度下降每一步把沿较小曲率方向（λ = {flat}）的距离乘以 1 − αλ = {flat_factor}，沿较大曲率方向（λ = {steep}）的距离乘以 1 − αλ = {steep_factor}。因子小于 0 时每一步都跳到另一侧（之字形）；绝对值大于 1 时距离越来越大（λ 为负表示曲面向下弯，点会滑走）。"
            ),
        };
        if let Some((largest, best)) = critical {
            text.push_str(&match self {
                Language::English => format!(
                    " It diverges above α = 2/λₘₐₓ = {largest}; the best fixed rate is 2/(λₘᵢₙ + λₘₐₓ) = {best}."
                ),
                Language::Chinese => format!(
                    " 当 α 超过 2/λₘₐₓ = {largest} 时发散；最佳固定学习率为 2/(λₘᵢₙ + λₘₐₓ) = {best}。"
                ),
            });
        }
        text
    }

    /// Where f is not defined, and why: the failing part of the formula and what failed.
    pub fn undefined_note(
        self,
        x: &str,
        y: &str,
        failure: Option<(Failure, String)>,
        at_start: bool,
    ) -> String {
        let reason = failure.map(|(failure, part)| {
            let what = match (failure, self) {
                (Failure::PointNotFinite, Language::English) => "the point is not a number",
                (Failure::PointNotFinite, Language::Chinese) => "该点不是有限数",
                (Failure::DivisionByZero, Language::English) => "division by zero",
                (Failure::DivisionByZero, Language::Chinese) => "除以零",
                (Failure::LogOfZero, Language::English) => "log of zero",
                (Failure::LogOfZero, Language::Chinese) => "对零取对数",
                (Failure::LogOfNegative, Language::English) => "log of a negative number",
                (Failure::LogOfNegative, Language::Chinese) => "对负数取对数",
                (Failure::SqrtOfNegative, Language::English) => "square root of a negative number",
                (Failure::SqrtOfNegative, Language::Chinese) => "对负数开平方",
                (Failure::PowerOfNegative, Language::English) => {
                    "a negative number to a fractional power"
                }
                (Failure::PowerOfNegative, Language::Chinese) => "负数的非整数次幂",
                (Failure::ZeroToNegativePower, Language::English) => "zero to a negative power",
                (Failure::ZeroToNegativePower, Language::Chinese) => "零的负数次幂",
                (Failure::Overflow, Language::English) => "a number too large for a double",
                (Failure::Overflow, Language::Chinese) => "数值超出双精度范围",
                (Failure::InfiniteDerivative, Language::English) => "an infinite slope",
                (Failure::InfiniteDerivative, Language::Chinese) => "斜率为无穷大",
            };
            match self {
                Language::English => format!(": {what} in {part}"),
                Language::Chinese => format!("：{part} 中出现{what}"),
            }
        });
        let reason = reason.unwrap_or_default();
        match (self, at_start) {
            (Language::English, true) => format!(
                "f is not defined at the start ({x}, {y}){reason}, so every optimizer stops at its first step. Click or tap the surface to start elsewhere."
            ),
            (Language::Chinese, true) => format!(
                "f 在起点 ({x}, {y}) 处无定义{reason}，所以每个优化器第一步就会停下。请点击或轻触曲面，换一个起点。"
            ),
            (Language::English, false) => format!(
                "f is not defined everywhere here, for example at ({x}, {y}){reason}. The hatched region is where f is undefined; an optimizer that steps into it stops there."
            ),
            (Language::Chinese, false) => format!(
                "f 并非处处有定义，例如在 ({x}, {y}) 处{reason}。斜线区域是 f 无定义的地方；走进去的优化器会停在那里。"
            ),
        }
    }

    /// What is wrong with a typed formula, and at which column; the last good formula stays.
    pub fn formula_error(self, error: &ParseError) -> String {
        use ParseErrorKind as Kind;
        let column = error.column;
        let english = self == Language::English;
        let what = match (&error.kind, english) {
            (Kind::Empty, true) => "the formula is empty; type one in x and y, such as x^2 + y^2".to_string(),
            (Kind::Empty, false) => "公式为空；请输入关于 x 和 y 的公式，例如 x^2 + y^2".to_string(),
            (Kind::UnexpectedCharacter(character), true) => format!("“{character}” is not part of a formula"),
            (Kind::UnexpectedCharacter(character), false) => format!("“{character}” 不能出现在公式中"),
            (Kind::UnknownName(name), true) => format!("unknown name “{name}”; the names are x, y, pi, e and sin, cos, tan, exp, log, sqrt, abs, tanh, sigmoid, relu"),
            (Kind::UnknownName(name), false) => format!("未知名称 “{name}”；可用的名称有 x、y、pi、e 以及 sin、cos、tan、exp、log、sqrt、abs、tanh、sigmoid、relu"),
            (Kind::WrongCase { written, expected }, true) => format!("write “{expected}”, not “{written}”"),
            (Kind::WrongCase { written, expected }, false) => format!("请写 “{expected}”，而不是 “{written}”"),
            (Kind::MissingClosingParenthesis, true) => "this “(” is never closed; add a “)”".to_string(),
            (Kind::MissingClosingParenthesis, false) => "这个 “(” 没有闭合；请补上 “)”".to_string(),
            (Kind::UnmatchedClosingParenthesis, true) => "this “)” has no “(” before it".to_string(),
            (Kind::UnmatchedClosingParenthesis, false) => "这个 “)” 前面没有对应的 “(”".to_string(),
            (Kind::ExpectedOperand, true) => "a number, x, y, a function or “(” is missing here".to_string(),
            (Kind::ExpectedOperand, false) => "这里缺少数字、x、y、函数或 “(”".to_string(),
            (Kind::ImplicitMultiplication { hint }, true) => format!("two things side by side; multiply with “*”: {hint}"),
            (Kind::ImplicitMultiplication { hint }, false) => format!("两项紧挨在一起；请用 “*” 表示相乘：{hint}"),
            (Kind::FunctionNeedsParentheses(name), true) => format!("“{name}” needs parentheses: {name}(x)"),
            (Kind::FunctionNeedsParentheses(name), false) => format!("“{name}” 需要括号：{name}(x)"),
            (Kind::BadNumber, true) => "this is not a number".to_string(),
            (Kind::BadNumber, false) => "这不是一个数".to_string(),
            (Kind::NumberTooLarge, true) => "this number is too large (above about 1.8·10³⁰⁸)".to_string(),
            (Kind::NumberTooLarge, false) => "这个数太大了（超过约 1.8·10³⁰⁸）".to_string(),
            (Kind::TooLong { limit }, true) => format!("the formula is longer than {limit} bytes"),
            (Kind::TooLong { limit }, false) => format!("公式超过 {limit} 字节"),
            (Kind::TooDeep { limit }, true) => format!("more than {limit} parentheses inside each other"),
            (Kind::TooDeep { limit }, false) => format!("括号嵌套超过 {limit} 层"),
            (Kind::TooManyNodes { limit }, true) => format!("the formula has more than {limit} parts"),
            (Kind::TooManyNodes { limit }, false) => format!("公式的组成部分超过 {limit} 个"),
        };
        if english {
            format!("Not applied — column {column}: {what}. The last formula stays.")
        } else {
            format!("未应用——第 {column} 列：{what}。上一个公式保持不变。")
        }
    }

    /// Why a lesson setting typed in a control was not taken.
    pub fn setting_error(self, parameter: Parameter) -> String {
        match self {
            Language::English => format!(
                "Not changed: “{}” accepts {}.",
                parameter.key(),
                self.accepted(parameter)
            ),
            Language::Chinese => format!(
                "未更改：“{}” 接受{}。",
                parameter.key(),
                spaced(&self.accepted(parameter))
            ),
        }
    }

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

    /// The challenge's status in words: what to do next, or the verdict with the
    /// quantity, its value and the goal.
    pub fn challenge_status(
        self,
        goal: ChallengeGoal,
        status: ChallengeStatus,
        guess: Option<f64>,
        guess_invalid: bool,
    ) -> String {
        use crate::format::readout;
        use ChallengeStatus as Status;
        let english = self == Language::English;
        if guess_invalid {
            // A neutral example: a number from the lesson could be the answer.
            return if english {
                "That is not a number; type a prediction such as 0.25.".into()
            } else {
                "这不是一个数字；请输入预测值，例如 0.25。".into()
            };
        }
        match (goal, status) {
            (ChallengeGoal::Predict { symbol, .. }, Status::Open) => {
                if english {
                    format!("Type your prediction of {symbol}, then press Step.")
                } else {
                    format!("先输入你对 {symbol} 的预测，再点击“单步”。")
                }
            }
            (ChallengeGoal::Predict { symbol, .. }, Status::Predicted { guess }) => {
                if english {
                    format!(
                        "Your prediction: {symbol} = {}. Now press Step.",
                        readout(guess)
                    )
                } else {
                    format!("你的预测：{symbol} = {}。现在点击“单步”。", readout(guess))
                }
            }
            (ChallengeGoal::Predict { symbol, .. }, Status::Solved { value, .. }) => {
                if english {
                    format!("Right ✓ After step 1, {symbol} = {}.", readout(value))
                } else {
                    format!("预测正确 ✓ 第 1 步后 {symbol} = {}。", readout(value))
                }
            }
            (ChallengeGoal::Predict { symbol, .. }, Status::NotYet { value, .. }) => {
                let guess = guess.map_or_else(String::new, readout);
                if english {
                    format!(
                        "Not right: you predicted {guess}; after step 1, {symbol} = {}. Press Try again for another prediction.",
                        readout(value)
                    )
                } else {
                    format!(
                        "不对：你预测 {guess}，第 1 步后 {symbol} = {}。点击“再试一次”重新预测。",
                        readout(value)
                    )
                }
            }
            (ChallengeGoal::Predict { .. }, _) => {
                if english {
                    "Type your prediction before stepping: press Try again.".into()
                } else {
                    "请在走这一步之前输入预测：点击“再试一次”。".into()
                }
            }
            (
                ChallengeGoal::LossBelow {
                    threshold,
                    steps,
                    symbol,
                },
                status,
            ) => {
                let threshold = readout(threshold);
                match (status, english) {
                    (Status::Solved { step, value }, true) => format!(
                        "Done ✓ After step {step}, {symbol} = {} < {threshold}.",
                        readout(value)
                    ),
                    (Status::Solved { step, value }, false) => format!(
                        "达成 ✓ 第 {step} 步后 {symbol} = {} < {threshold}。",
                        readout(value)
                    ),
                    (Status::NotYet { step, value }, true) => format!(
                        "Not reached: after step {step}, {symbol} = {}; the goal is below {threshold}. Press Reset and try another setting.",
                        readout(value)
                    ),
                    (Status::NotYet { step, value }, false) => format!(
                        "未达成：第 {step} 步后 {symbol} = {}，目标是低于 {threshold}。点击“重置”，换一个设置再试。",
                        readout(value)
                    ),
                    (_, true) => format!(
                        "Set α, then press Step or Play: {symbol} must fall below {threshold} within {steps} steps."
                    ),
                    (_, false) => format!(
                        "调好 α，再点击“单步”或“播放”：{symbol} 要在 {steps} 步之内降到 {threshold} 以下。"
                    ),
                }
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

/// `text` after a Chinese word: a space first where it starts with a number or a Latin
/// letter ("接受 0.0001 到 1.5 之间的数"), as Chinese typesetting spaces them.
fn spaced(text: &str) -> String {
    if text.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '−') {
        format!(" {text}")
    } else {
        text.to_string()
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
        // In Chinese a number after a word is spaced from it; a quotation mark is not.
        let text = Language::Chinese.notice(&Notice::Invalid(Parameter::LearningRate));
        assert!(text.contains("它接受 0.0001 到 1.5"), "{text}");
        let text = Language::Chinese.setting_error(Parameter::X);
        assert!(text.contains("接受 −4 到 4"), "{text}");
        let text = Language::Chinese.setting_error(Parameter::Scale);
        assert!(text.contains("接受“linear”"), "{text}");
    }
}
