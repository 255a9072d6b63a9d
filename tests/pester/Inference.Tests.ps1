# Invoke-ModelPrediction and Export-ModelPrediction against the built module, with the digits model it bundles.
# Expected values: automl-eval predict on the same model and image (zero 0.99936706 for images/test/0000.png), and the
# scikit-learn figures of the demo's own predictions (AuPRC 0.9580221538568727), which this model produced.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $Model = Join-Path $Demo 'model.onnx'
    $Labels = Join-Path $Demo 'labels.txt'
    $PredictCommand = 'AutoMLEval.PowerShell.Commands.InvokeModelPredictionCommand'
}

Describe 'Invoke-ModelPrediction' {
    It 'predicts files piped from Get-ChildItem, in input order' {
        $predictions = @(Get-ChildItem (Join-Path $Demo 'images/test') -File | Select-Object -First 3 | Invoke-ModelPrediction -ModelPath $Model -LabelPath $Labels)
        $predictions.Count | Should -Be 3
        $predictions[0].GetType().FullName | Should -Be 'AutoMLEval.ModelPrediction'
        Split-Path -Leaf $predictions[0].Path | Should -Be '0000.png'
        $predictions[0].Label | Should -BeExactly 'zero'
        [math]::Abs($predictions[0].Confidence - 0.9993670582771301) | Should -BeLessThan 1e-5
        $predictions[0].Labels.Count | Should -Be 10
        ($predictions[0].RankedLabels -split ';')[0] | Should -BeExactly 'zero'
        for ($i = 1; $i -lt 10; $i++) { $predictions[0].Confidences[$i] | Should -BeLessOrEqual $predictions[0].Confidences[$i - 1] }
    }

    It 'predicts a ground-truth split that Get-ModelEvaluation then evaluates' {
        $file = Join-Path $TestDrive 'predictions.test.jsonl'
        Invoke-ModelPrediction -ModelPath $Model -LabelPath $Labels -GroundTruthPath $DemoGroundTruth -MlUse test -BatchSize 64 | Export-ModelPrediction -Path $file
        @(Get-Content -LiteralPath $file).Count | Should -Be 540
        $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $file
        $eval.Items | Should -Be 540
        [math]::Abs($eval.AuPrc - 0.9580221538568727) | Should -BeLessThan 1e-4
    }

    It 'runs help example 2 as written, in a copy of the demo, whose model stores no class names' {
        $folder = Join-Path $TestDrive 'example2'
        New-Item -ItemType Directory -Path (Join-Path $folder 'images') | Out-Null
        Copy-Item -LiteralPath $DemoGroundTruth, $Model, $Labels -Destination $folder
        Copy-Item -LiteralPath (Join-Path $Demo 'images/test') -Destination (Join-Path $folder 'images') -Recurse
        $code = (Get-Help -Name Invoke-ModelPrediction -Examples).Examples.Example[1].Code
        Push-Location -LiteralPath $folder
        try { $eval = & ([scriptblock]::Create($code)) } finally { Pop-Location }
        $eval.Items | Should -Be 540
        [math]::Abs($eval.AuPrc - 0.9580221538568727) | Should -BeLessThan 1e-4
    }

    It 'takes the CLI''s pre-processing and softmax options as -Preprocessing, and refuses a key or value it cannot use' {
        # automl-eval predict --mean 0.5 --std 0.5 --softmax always on images/test/0000.png: zero 0.1899482011795044
        # (the model's probabilities through a second softmax, from inputs in [-1, 1]).
        $image = Join-Path $Demo 'images/test/0000.png'
        $shifted = Invoke-ModelPrediction -Path $image -ModelPath $Model -LabelPath $Labels -Preprocessing @{ Mean = 0.5; Std = 0.5; Softmax = 'Always' }
        $shifted.Label | Should -BeExactly 'zero'
        $shifted.Confidence | Should -Be 0.1899482011795044
        # The model's own size, given: the same as without it.
        (Invoke-ModelPrediction -Path $image -ModelPath $Model -LabelPath $Labels -Preprocessing @{ Width = 32; Height = 32 }).Confidence | Should -Be (Invoke-ModelPrediction -Path $image -ModelPath $Model -LabelPath $Labels).Confidence
        { Invoke-ModelPrediction -Path $image -ModelPath $Model -Preprocessing @{ Std = 0 } -ErrorAction Stop } | Should -Throw -ErrorId "InvalidPreprocessing,$PredictCommand"
        { Invoke-ModelPrediction -Path $image -ModelPath $Model -Preprocessing @{ Widht = 32 } -ErrorAction Stop } | Should -Throw '*Widht*'
        # Get-ModelEvaluation -ModelPath takes it too: the demo's figures at the model's own size.
        (Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -ModelPath $Model -LabelPath $Labels -Preprocessing @{ Width = 32; Height = 32 }).AuPrc | Should -Be (Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -ModelPath $Model -LabelPath $Labels).AuPrc
    }

    It 'writes UnreadableImage for a file that is not an image' {
        $bad = Join-Path $TestDrive 'not-an-image.png'
        Set-Content -LiteralPath $bad -Value 'text'
        { Invoke-ModelPrediction -Path $bad -ModelPath $Model -LabelPath $Labels -ErrorAction Stop } | Should -Throw -ErrorId "UnreadableImage,$PredictCommand"
    }

    It 'writes ImageTooLarge, not UnreadableImage, for an image over the size limit, saying to scale it down' {
        # A few bytes that declare 20000 x 20000 pixels (268,435,456 is the limit), as a valid 20000 x 20000 PNG does.
        $huge = Join-Path $TestDrive 'huge.svg'
        Set-Content -LiteralPath $huge -Value '<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000"><rect width="10" height="10"/></svg>'
        $null = Invoke-ModelPrediction -Path $huge -ModelPath $Model -LabelPath $Labels -ErrorVariable problems -ErrorAction SilentlyContinue
        @($problems).FullyQualifiedErrorId | Should -Be "ImageTooLarge,$PredictCommand"
        "$($problems[0])" | Should -BeLike '*20000 × 20000 = 400,000,000 pixels, more than the 268,435,456*scale the image down first*'
    }

    It 'predicts the images of a folder given as -Path, and says so when a folder has none' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'photos')
        Copy-Item (Join-Path $Demo 'images/test/0000.png'), (Join-Path $Demo 'images/test/0002.png') -Destination $folder
        Set-Content -LiteralPath (Join-Path $folder 'notes.txt') -Value 'not an image'
        $predictions = @(Invoke-ModelPrediction -Path $folder -ModelPath $Model -LabelPath $Labels -WarningVariable warnings -WarningAction SilentlyContinue)
        ($predictions | ForEach-Object { Split-Path -Leaf $_.Path }) -join ',' | Should -Be '0000.png,0002.png'
        # The file passed over is named, as a label folder's are.
        @($warnings | Where-Object { "$_" -like '*1 file is left out: 1 not an image (*): notes.txt' }).Count | Should -Be 1
        $predictions[0].Label | Should -BeExactly 'zero'
        $empty = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'empty')
        { Invoke-ModelPrediction -Path $empty -ModelPath $Model -LabelPath $Labels -ErrorAction Stop } | Should -Throw -ErrorId "NoImagesInFolder,$PredictCommand"
    }

    It 'warns before predicting that classes without a labels file are named by index' {
        $prediction = Invoke-ModelPrediction -Path (Join-Path $Demo 'images/test/0000.png') -ModelPath $Model -WarningVariable warnings -WarningAction SilentlyContinue
        $prediction.Label | Should -BeExactly '0'
        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -Match 'indices.*-LabelPath'
    }

    It 'writes NotAFile for a folder given as -LabelPath, and names a labels file that does not fit the model' {
        $image = Join-Path $Demo 'images/test/0000.png'
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'labels-folder') -Force
        { Invoke-ModelPrediction -Path $image -ModelPath $Model -LabelPath $folder.FullName -ErrorAction Stop } | Should -Throw -ErrorId "NotAFile,$PredictCommand"
        $three = Join-Path $TestDrive 'three-labels.txt'
        Set-Content -LiteralPath $three -Value 'a', 'b', 'c'
        $failure = { Invoke-ModelPrediction -Path $image -ModelPath $Model -LabelPath $three -ErrorAction Stop } | Should -Throw -ErrorId "ModelRunFailed,$PredictCommand" -PassThru
        # The message names the model first, as the CLI's error line does (one message, made by the classifier).
        $failure.Exception.Message | Should -BeExactly "$($Model): The labels file '$three' names 3 classes, but the model outputs 10 scores per image."
    }

    It 'answers a -ModelPath pattern of two files with AmbiguousPath and a hint the cmdlet can follow (it has no -LiteralModelPath)' {
        Copy-Item -LiteralPath $Model -Destination (Join-Path $TestDrive 'model-a.onnx')
        Copy-Item -LiteralPath $Model -Destination (Join-Path $TestDrive 'model-b.onnx')
        $failure = { Invoke-ModelPrediction -Path (Join-Path $Demo 'images/test/0000.png') -ModelPath (Join-Path $TestDrive 'model-*.onnx') -ErrorAction Stop } |
            Should -Throw -ErrorId "AmbiguousPath,$PredictCommand" -PassThru
        $failure.Exception.Message | Should -BeLike '*matches 2 files; give exactly one (a name that holds `[, `] or `* needs a backtick before each)*'
    }

    It 'stops with ModelLoadFailed naming the model for a file that is not a model' {
        $notModel = Join-Path $TestDrive 'model.onnx'
        Set-Content -LiteralPath $notModel -Value 'text'
        $failure = { Invoke-ModelPrediction -Path (Join-Path $Demo 'images/test/0000.png') -ModelPath $notModel } | Should -Throw -ErrorId "ModelLoadFailed,$PredictCommand" -PassThru
        $failure.Exception.Message | Should -BeLike "$($notModel): ONNX Runtime cannot load the model: *"
    }

    It 'stops with ModelLoadFailed naming the model and its output for a model whose output is not one score per class' {
        # An image-to-image model (Identity), input and output float [N,1,8,8], as the xunit tests' TinyOnnxModel writes it:
        # before, its 64 pixels were ranked as 64 classes.
        $imageToImage = Join-Path $TestDrive 'image-to-image.onnx'
        [IO.File]::WriteAllBytes($imageToImage, [Convert]::FromBase64String('CAgSEEF1dG9NTEV2YWwuVGVzdHM6YAoYCgVpbWFnZRIBeRoCbjAiCElkZW50aXR5EgR0aW55WiAKBWltYWdlEhcKFQgBEhEKAxIBTgoCCAEKAggICgIICGIcCgF5EhcKFQgBEhEKAxIBTgoCCAEKAggICgIICEIECgAQDQ=='))
        $failure = { Invoke-ModelPrediction -Path (Join-Path $Demo 'images/test/0000.png') -ModelPath $imageToImage } | Should -Throw -ErrorId "ModelLoadFailed,$PredictCommand" -PassThru
        $failure.Exception.Message | Should -BeExactly "$($imageToImage): The model's output 'y' has shape [-1,1,8,8]; class scores have shape [batch, classes] (one score per class for each image, at least two classes), as an image classifier's output does."
        $failure = { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -ModelPath $imageToImage } | Should -Throw -ErrorId 'ModelLoadFailed,AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand' -PassThru
        $failure.Exception.Message | Should -BeLike "$($imageToImage): The model's output 'y' has shape *"
    }
}

Describe 'Get-ModelEvaluation -ModelPath' {
    It 'predicts the test split and evaluates it in one go' {
        $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -ModelPath $Model -LabelPath $Labels
        $eval.GetType().FullName | Should -Be 'AutoMLEval.ModelEvaluation'
        $eval.Items | Should -Be 540
        [math]::Abs($eval.AuPrc - 0.9580221538568727) | Should -BeLessThan 1e-4
        $eval.PredictionPath | Should -Be (Resolve-Path -LiteralPath $Model).ProviderPath
    }

    It 'stops with NoCommonLabels when the model names its classes by index and the ground truth by name' {
        { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -ModelPath $Model -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'NoCommonLabels,AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand'
    }

    It 'names the model in that error, not the temporary predictions file it wrote and deleted' {
        $failure = $null
        try { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -ModelPath $Model -WarningAction SilentlyContinue } catch { $failure = $_ }
        $failure.TargetObject | Should -Be (Resolve-Path -LiteralPath $Model).ProviderPath
        "$failure" | Should -BeLike "$((Resolve-Path -LiteralPath $Model).ProviderPath): field 'prediction.displayNames': none of the model's labels (0, 1, *"
        "$failure" | Should -Not -Match 'automleval-'
    }

    It 'stops on -ModelPath with -Task Video' {
        { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -ModelPath $Model -Task Video } | Should -Throw -ErrorId 'ParameterNotForVideo,AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand'
    }
}

Describe 'Get-ModelEvaluation -InputObject' {
    BeforeAll {
        $EvaluateCommand = 'AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand'
        $Predictions = @(Invoke-ModelPrediction -ModelPath $Model -LabelPath $Labels -GroundTruthPath $DemoGroundTruth -MlUse test -BatchSize 64)
    }

    It 'evaluates predictions piped from Invoke-ModelPrediction exactly as the file Export-ModelPrediction writes of them' {
        $file = Join-Path $TestDrive 'exported.jsonl'
        $Predictions | Export-ModelPrediction -Path $file
        $fromFile = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $file
        $piped = $Predictions | Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth
        $piped.GetType().FullName | Should -Be 'AutoMLEval.ModelEvaluation'
        $piped.Items | Should -Be 540
        # The same file read the same way: every figure equal to the last bit, per label too.
        foreach ($name in 'AuPrc', 'AuRoc', 'MacroAuPrc', 'LogLoss', 'Accuracy', 'Precision', 'Recall', 'F1Score', 'MacroF1', 'Top5Accuracy', 'MissingPredictions') {
            $piped.$name | Should -Be $fromFile.$name -Because $name
        }
        ($piped.Labels | ForEach-Object { $_.AuPrc }) | Should -Be ($fromFile.Labels | ForEach-Object { $_.AuPrc })
        [math]::Abs($piped.AuPrc - 0.9580221538568727) | Should -BeLessThan 1e-4
        # As -ModelPath's, the evaluation names the model as its predictions, not the temporary file (deleted).
        $piped.PredictionPath | Should -Be (Resolve-Path -LiteralPath $Model).ProviderPath
    }

    It 'evaluates the first few straight from Invoke-ModelPrediction, the rest of the split missing (the tester''s pipeline)' {
        $eval = Invoke-ModelPrediction -ModelPath $Model -LabelPath $Labels -GroundTruthPath $DemoGroundTruth -MlUse test |
            Select-Object -First 3 | Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -WarningVariable warnings -WarningAction SilentlyContinue
        $eval.Items | Should -Be 3
        $eval.MissingPredictions | Should -Be 537
        @($warnings).Count | Should -BeGreaterThan 0
    }

    It 'leaves no temporary file behind when the pipeline fails before it ends, nor when it ends' {
        # In a child pwsh whose temporary folder is a fresh one (.NET reads TMPDIR), so that no other process's files count.
        $temporary = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'tmp')).FullName
        $pwsh = (Get-Command -Name pwsh -CommandType Application | Select-Object -First 1).Source
        $quoted = (Join-Path $ModulePath 'AutoMLEval.psd1'), $Model, $Labels, $DemoGroundTruth | ForEach-Object { "'" + ($_ -replace "'", "''") + "'" }
        $script = 'Import-Module {0}; $p = @(Invoke-ModelPrediction -ModelPath {1} -LabelPath {2} -GroundTruthPath {3} -MlUse test | Select-Object -First 3); ' -f $quoted
        $script += 'try {{ & {{ $p; throw "stopped" }} | Get-ModelEvaluation -GroundTruthPath {0} }} catch {{ "failed: $_" }}; ' -f $quoted[3]
        $script += '($p | Get-ModelEvaluation -GroundTruthPath {0} -WarningAction SilentlyContinue).Items' -f $quoted[3]
        $env:TMPDIR, $saved = $temporary, $env:TMPDIR
        try { $said = & $pwsh -NoProfile -NonInteractive -Command $script } finally { $env:TMPDIR = $saved }
        $said | Should -Be @('failed: stopped', '3')
        @(Get-ChildItem -LiteralPath $temporary -Force).Name | Should -BeNullOrEmpty
    }

    It 'refuses a prediction read back from CLIXML, saying to predict its images again' {
        $clixml = Join-Path $TestDrive 'predictions.clixml'
        $Predictions | Select-Object -First 2 | Export-Clixml -LiteralPath $clixml
        { Import-Clixml -LiteralPath $clixml | Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -ErrorAction Stop } | Should -Throw '*deserialized*predict its images again*'
    }

    It 'still binds files, Get-ChildItem output and evaluations as before, each to its own parameter set' {
        $file = Join-Path $TestDrive 'listed.jsonl'
        $Predictions | Export-ModelPrediction -Path $file
        $listed = Get-ChildItem -LiteralPath $file | Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth
        $listed.PredictionPath | Should -Be $file
        $again = $listed | Get-ModelEvaluation -Threshold 0.8
        $again.Threshold | Should -Be 0.8
        $again.AuPrc | Should -Be $listed.AuPrc
        $rows = Join-Path $TestDrive 'runs.csv'
        [pscustomobject]@{ GroundTruthPath = $DemoGroundTruth; PredictionPath = $file } | Export-Csv -LiteralPath $rows
        (Import-Csv -LiteralPath $rows | Get-ModelEvaluation).AuPrc | Should -Be $listed.AuPrc
    }

    It 'stops before the first piped prediction is read when the ground truth <Case>' -TestCases @(
        @{ Case = 'is missing'; File = 'no-such-ground-truth.csv'; Task = $null; ErrorId = 'PathNotFound'; Message = '*no-such-ground-truth.csv*' }
        @{ Case = 'is not of -Task'; File = $null; Task = 'Video'; ErrorId = 'TaskDoesNotFitInput'; Message = '*is not a video ground truth*' }
    ) {
        # Before, every prediction was read (and written to a temporary file) before the ground truth was looked at.
        $groundTruth = if ($File) { Join-Path $TestDrive $File } else { $DemoGroundTruth }
        $parameters = @{ GroundTruthPath = $groundTruth }
        if ($Task) { $parameters.Task = $Task }
        $produced = @{ Records = 0 }
        { & { foreach ($prediction in $Predictions) { $produced.Records++; $prediction } } | Get-ModelEvaluation @parameters } |
            Should -Throw -ErrorId "$ErrorId,$EvaluateCommand" -ExpectedMessage $Message
        $produced.Records | Should -Be 0
    }

    It 'stops with ParameterNotForTask when the ground truth is not a classification' {
        $video = New-TinyVideoDataset -Folder (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'video')).FullName
        { $Predictions | Select-Object -First 1 | Get-ModelEvaluation -GroundTruthPath $video.GroundTruth -ErrorAction Stop } |
            Should -Throw -ErrorId "ParameterNotForTask,$EvaluateCommand" -ExpectedMessage '*-InputObject*'
    }
}

Describe 'Export-ModelPrediction' {
    It 'writes Vertex AI batch-prediction lines and passes the predictions through' {
        $file = Join-Path $TestDrive 'one.jsonl'
        $passed = @(Invoke-ModelPrediction -Path (Join-Path $Demo 'images/test/0000.png') -ModelPath $Model -LabelPath $Labels | Export-ModelPrediction -Path $file -PassThru)
        $passed.Count | Should -Be 1
        $line = Get-Content -LiteralPath $file | ConvertFrom-Json
        $line.prediction.displayNames[0] | Should -BeExactly 'zero'
        $line.instance.mimeType | Should -BeExactly 'image/png'
    }

    It 'keeps files that exist with -NoClobber, the embeddings file too, before predicting anything' {
        $file = Join-Path $TestDrive 'kept.jsonl'
        $embeddings = Join-Path $TestDrive 'kept-embeddings.jsonl'
        Set-Content -LiteralPath $embeddings -Value 'older embeddings'
        { Invoke-ModelPrediction -Path (Join-Path $Demo 'images/test/0000.png') -ModelPath $Model -LabelPath $Labels | Export-ModelPrediction -Path $file -EmbeddingPath $embeddings -NoClobber -ErrorAction Stop } |
            Should -Throw -ErrorId 'NoClobber,AutoMLEval.PowerShell.Commands.ExportModelPredictionCommand' -ExpectedMessage "*kept-embeddings.jsonl' already exists*"
        Test-Path -LiteralPath $file | Should -BeFalse
        Get-Content -LiteralPath $embeddings | Should -BeExactly 'older embeddings'
    }

    It 'names both files it would write with -WhatIf, and writes neither' {
        $file = Join-Path $TestDrive 'whatif.jsonl'
        $embeddings = Join-Path $TestDrive 'whatif-embeddings.jsonl'
        # -WhatIf writes to the host: a child pwsh's standard output holds it. The pwsh on PATH (this process may be dotnet itself).
        $pwsh = (Get-Command -Name pwsh -CommandType Application | Select-Object -First 1).Source
        $quoted = (Join-Path $ModulePath 'AutoMLEval.psd1'), (Join-Path $Demo 'images/test/0000.png'), $Model, $Labels, $file, $embeddings | ForEach-Object { "'" + ($_ -replace "'", "''") + "'" }
        $script = 'Import-Module {0}; Invoke-ModelPrediction -Path {1} -ModelPath {2} -LabelPath {3} -EmbeddingOutputName embedding | Export-ModelPrediction -Path {4} -EmbeddingPath {5} -WhatIf' -f $quoted
        $said = (& $pwsh -NoProfile -NonInteractive -Command $script) -join "`n"
        $said | Should -BeLike "*What if: Performing the operation `"Write predictions and embeddings`" on target `"$file, $embeddings`".*"
        Test-Path -LiteralPath $file, $embeddings | Should -Be @($false, $false)
    }

    It 'ends with one ItemsWithoutEmbedding error (the one code of a missing embedding), writing neither file and passing nothing on, when the predictions carry no embedding' {
        $file = Join-Path $TestDrive 'two.jsonl'
        $embeddings = Join-Path $TestDrive 'e.jsonl'
        # Three predictions made without -EmbeddingOutputName: the command is wrong, not each record, so one error, not three.
        $predictions = Get-ChildItem -Path (Join-Path $Demo 'images/test/000[0-2].png') | Invoke-ModelPrediction -ModelPath $Model -LabelPath $Labels
        $passed = [System.Collections.Generic.List[object]]::new()
        $stopped = $null
        try { $predictions | Export-ModelPrediction -Path $file -EmbeddingPath $embeddings -PassThru -ErrorVariable problems | ForEach-Object { $passed.Add($_) } }
        catch { $stopped = $_ }
        $stopped.FullyQualifiedErrorId | Should -BeExactly 'ItemsWithoutEmbedding,AutoMLEval.PowerShell.Commands.ExportModelPredictionCommand'
        $stopped.Exception.Message | Should -BeLike "*0000.png' has no embedding: -EmbeddingPath needs predictions made with Invoke-ModelPrediction -EmbeddingOutputName*Nothing was written."
        @($problems).Count | Should -Be 1
        $passed.Count | Should -Be 0
        Test-Path -LiteralPath $file, $embeddings | Should -Be @($false, $false)
    }
}
